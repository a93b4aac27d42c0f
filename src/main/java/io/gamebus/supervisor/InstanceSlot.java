package io.gamebus.supervisor;

import io.gamebus.bus.Addresses;
import io.gamebus.bus.GatewayBound;
import io.gamebus.bus.InstanceBound;
import io.gamebus.bus.InstanceInfo;
import io.gamebus.bus.RegistryEvent;
import io.gamebus.bus.SessionRef;
import io.gamebus.config.SupervisorConfig;
import io.gamebus.game.ContextHop;
import io.gamebus.game.GameDefinition;
import io.gamebus.game.GameFailure;
import io.gamebus.game.GameFailureException;
import io.gamebus.game.Generation;
import io.gamebus.metrics.GamebusMetrics;
import io.gamebus.protocol.ErrorCode;
import io.gamebus.protocol.MoveReason;
import io.gamebus.protocol.ServerMessage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;
import java.util.concurrent.TimeUnit;
import io.vertx.core.eventbus.DeliveryOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One game instance as clients and operators see it: the instance id, its address, its
 * sessions. The slot outlives the {@link Generation}s that run the game: when one crashes or
 * hangs, the slot starts the next from the last snapshot, hands it the players and the
 * messages the old one never processed, and tells the players {@code moved} (reason
 * {@code crash}). Everything here runs on the slot's event loop.
 */
public final class InstanceSlot extends VerticleBase implements Generation.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(InstanceSlot.class);

  private static final long HANDOVER_TIMEOUT_MS = 10_000;
  private static final DeliveryOptions ASK = new DeliveryOptions().setSendTimeout(5_000);

  private final SlotSpec spec;
  private final SupervisorConfig limits;
  private final SnapshotStore snapshots;
  private final Relocator relocator;
  private final GamebusMetrics metrics;
  private final RestartPolicy policy;
  private final Map<String, String> sessions = new LinkedHashMap<>();
  private final Map<String, String> forwards = new HashMap<>();
  private ArrayDeque<Object> pending = new ArrayDeque<>();
  private final Promise<Void> firstStart = Promise.promise();
  private MessageConsumer<InstanceBound> consumer;
  private String state = InstanceInfo.ACTIVE;
  private int restarts;
  private long seq;
  private int generations;
  private Generation generation;
  private Generation starting;
  private JsonObject lastSnapshot;
  private boolean snapshotInFlight;
  /** Old side of a hot swap: traffic received after the final snapshot, for the successor. */
  private List<InstanceBound> handoverBacklog;
  /** New side of a hot swap: sessions whose old instance has not sent its backlog yet. */
  private final Set<String> heldSessions = new HashSet<>();
  private final List<InstanceBound> heldItems = new ArrayList<>();
  private Runnable whenEmpty;

  InstanceSlot(SlotSpec spec, JsonObject restored, SupervisorConfig limits, SnapshotStore snapshots,
               Relocator relocator, GamebusMetrics metrics) {
    this.spec = spec;
    this.lastSnapshot = restored;
    this.limits = limits;
    this.snapshots = snapshots;
    this.relocator = relocator;
    this.metrics = metrics;
    this.policy = new RestartPolicy(limits.maxRestarts(), limits.withinSeconds() * 1000L);
  }

  public String id() {
    return spec.id();
  }

  GameDefinition definition() {
    return spec.definition();
  }

  /** Completes once the first generation has started (the instance is serving). */
  Future<Void> serving() {
    return ContextHop.call(context, firstStart::future);
  }

  @Override
  public Future<?> start() {
    consumer = vertx.eventBus().consumer(Addresses.instance(spec.id()), this::receive);
    long watchEvery = Math.max(10, limits.hangMs() / 20);
    vertx.setPeriodic(watchEvery, t -> watchdog());
    vertx.setPeriodic(io.gamebus.placement.InstanceDirectory.REPORT_INTERVAL_MS, t -> report());
    if (spec.snapshotMs() > 0) {
      vertx.setPeriodic(spec.snapshotMs(), t -> takeSnapshot());
    }
    metrics.instances().incrementAndGet();
    startGeneration(null);
    return consumer.completion();
  }

  /** The current generation is a child deployment: Vert.x has undeployed it (calling the game's stop) already. */
  @Override
  public Future<?> stop() {
    metrics.instances().decrementAndGet();
    generation = null;
    vertx.eventBus().publish(Addresses.REGISTRY, new RegistryEvent.InstanceGone(spec.id(), spec.node()));
    return Future.succeededFuture();
  }

  InstanceInfo info() {
    return new InstanceInfo(spec.id(), spec.definition().name(), spec.definition().version(), spec.node(),
        state, sessions.size(), spec.capacity(), restarts, spec.deployOrder(), seq);
  }

  private void report() {
    seq++;
    vertx.eventBus().publish(Addresses.REGISTRY, new RegistryEvent.InstanceReport(info()));
  }

  // ---- traffic ---------------------------------------------------------------------------

  private void receive(Message<InstanceBound> message) {
    InstanceBound body = message.body();
    if (handoverBacklog != null && isSessionTraffic(body)) {
      handoverBacklog.add(body);
      return;
    }
    if (!heldSessions.isEmpty() && isSessionTraffic(body) && heldSessions.contains(sessionOf(body))) {
      heldItems.add(body);
      return;
    }
    if (body instanceof InstanceBound.Deliver deliver) {
      deliver(deliver);
    } else if (body instanceof InstanceBound.Join join) {
      join(join, message);
    } else if (body instanceof InstanceBound.Leave leave) {
      leave(leave);
    } else if (body instanceof InstanceBound.Rebind rebind) {
      if (sessions.replace(rebind.session(), rebind.gateway()) != null) {
        submit(rebind);
      }
    } else if (body instanceof InstanceBound.Adopt adopt) {
      message.reply(new InstanceBound.Adopted(adopt(adopt.sessions(), adopt.reason(), adopt.handover())));
    } else if (body instanceof InstanceBound.Backlog backlog) {
      releaseHeld(backlog.items());
      message.reply(null);
    }
  }

  private static boolean isSessionTraffic(InstanceBound body) {
    return body instanceof InstanceBound.Deliver || body instanceof InstanceBound.Leave
        || body instanceof InstanceBound.Rebind;
  }

  private static String sessionOf(InstanceBound body) {
    if (body instanceof InstanceBound.Deliver deliver) {
      return deliver.session();
    }
    if (body instanceof InstanceBound.Leave leave) {
      return leave.session();
    }
    return ((InstanceBound.Rebind) body).session();
  }

  private void leave(InstanceBound.Leave leave) {
    String movedTo = forwards.remove(leave.session());
    if (movedTo != null) {
      vertx.eventBus().send(Addresses.instance(movedTo), leave);
      return;
    }
    if (sessions.remove(leave.session()) != null) {
      submit(leave);
      report();
      if (sessions.isEmpty() && whenEmpty != null) {
        whenEmpty.run();
      }
    }
  }

  private void deliver(InstanceBound.Deliver deliver) {
    if (sessions.containsKey(deliver.session())) {
      submit(deliver);
      return;
    }
    String movedTo = forwards.get(deliver.session());
    if (movedTo != null) {
      vertx.eventBus().send(Addresses.instance(movedTo), deliver);
    }
  }

  private void join(InstanceBound.Join join, Message<InstanceBound> message) {
    if (!InstanceInfo.ACTIVE.equals(state)) {
      message.fail(ErrorCode.UNAVAILABLE.ordinal(), "instance " + spec.id() + " is " + state);
      return;
    }
    if (!sessions.containsKey(join.session()) && sessions.size() >= spec.capacity()) {
      message.fail(ErrorCode.FULL.ordinal(), "instance " + spec.id() + " is at capacity");
      return;
    }
    sessions.put(join.session(), join.gateway());
    forwards.remove(join.session());
    submit(join);
    report();
    message.reply(new InstanceBound.Joined(info()));
  }

  /** Takes over sessions moved here; returns the ones accepted (capacity permitting). */
  private List<String> adopt(List<SessionRef> refs, String reason, boolean handover) {
    List<String> accepted = new ArrayList<>();
    if (!InstanceInfo.ACTIVE.equals(state)) {
      return accepted;
    }
    for (SessionRef ref : refs) {
      if (sessions.size() >= spec.capacity()) {
        break;
      }
      sessions.put(ref.session(), ref.gateway());
      forwards.remove(ref.session());
      submit(new InstanceBound.Join(ref.session(), ref.gateway(), false));
      accepted.add(ref.session());
    }
    if (accepted.isEmpty()) {
      return accepted;
    }
    if (handover) {
      heldSessions.addAll(accepted);
      // Should the old instance never send its backlog (it died), stop waiting for it.
      vertx.setTimer(HANDOVER_TIMEOUT_MS, t -> releaseHeld(List.of()));
    } else {
      Map<String, String> moved = new LinkedHashMap<>();
      accepted.forEach(s -> moved.put(s, sessions.get(s)));
      notifyMoved(moved, reason);
    }
    report();
    return accepted;
  }

  /** New side of a hot swap: the old instance's backlog first, then what was held meanwhile. */
  private void releaseHeld(List<InstanceBound> backlog) {
    if (heldSessions.isEmpty()) {
      return;
    }
    heldSessions.clear();
    List<InstanceBound> held = new ArrayList<>(heldItems);
    heldItems.clear();
    backlog.forEach(this::receiveTraffic);
    held.forEach(this::receiveTraffic);
  }

  private void receiveTraffic(InstanceBound item) {
    if (item instanceof InstanceBound.Deliver deliver) {
      deliver(deliver);
    } else if (item instanceof InstanceBound.Leave leave) {
      leave(leave);
    } else if (item instanceof InstanceBound.Rebind rebind && sessions.replace(rebind.session(), rebind.gateway()) != null) {
      submit(rebind);
    }
  }

  // ---- hot swap, old side ----------------------------------------------------------------

  /** The game's state now, without disturbing it (null if it keeps none). Callable from any thread. */
  Future<JsonObject> peekSnapshot() {
    return ContextHop.call(context, () -> generation == null ? Future.succeededFuture(lastSnapshot) : generation.snapshot());
  }

  /**
   * Step one of a migrate: stop taking sessions, let the game finish what it was sent, and
   * take its final snapshot; what arrives from now on is kept for the successor.
   * Callable from any thread.
   */
  Future<JsonObject> handOver() {
    return ContextHop.call(context, () -> {
      Promise<JsonObject> result = Promise.promise();
      state = InstanceInfo.DRAINING;
      handoverBacklog = new ArrayList<>();
      for (Object item : pending) {
        if (item instanceof InstanceBound bound && isSessionTraffic(bound)) {
          handoverBacklog.add(bound);
        }
      }
      pending.clear();
      starting = null;
      report();
      Generation current = generation;
      if (current == null) {
        return Future.succeededFuture(lastSnapshot);
      }
      current.snapshot().onComplete(ar -> {
        if (generation == current) {
          generation = null;
          current.close(true);
        }
        result.complete(ar.succeeded() ? ar.result() : lastSnapshot);
      });
      return result.future();
    });
  }

  /**
   * Step two of a migrate: the successor adopts every session (those it cannot take go to
   * other instances of its version), the gateways switch to it, then it gets the backlog.
   * Callable from any thread.
   */
  Future<Void> transferTo(InstanceInfo successor) {
    return transferTo(successor, MoveReason.HOTSWAP);
  }

  /** {@link #transferTo(InstanceInfo)} with the reason players are told. */
  Future<Void> transferTo(InstanceInfo successor, MoveReason reason) {
    return ContextHop.call(context, () -> {
      Promise<Void> done = Promise.promise();
      List<SessionRef> refs = new ArrayList<>();
      sessions.forEach((session, gateway) -> refs.add(new SessionRef(session, gateway)));
      if (refs.isEmpty()) {
        return Future.succeededFuture();
      }
      vertx.eventBus().<InstanceBound>request(Addresses.instance(successor.id()),
              new InstanceBound.Adopt(refs, reason.wireName(), true), ASK)
          .map(reply -> ((InstanceBound.Adopted) reply.body()).sessions())
          .otherwise(List.of())
          .compose(accepted -> switchGateways(accepted, successor, reason).map(accepted))
          .onComplete(ar -> {
            List<String> accepted = ar.succeeded() ? ar.result() : List.of();
            List<InstanceBound> backlog = new ArrayList<>();
            for (InstanceBound item : handoverBacklog) {
              if (accepted.contains(sessionOf(item))) {
                backlog.add(item);
              }
            }
            // Acknowledged, so a node that shuts down right after cannot lose it in flight.
            vertx.eventBus().request(Addresses.instance(successor.id()), new InstanceBound.Backlog(spec.id(), backlog), ASK)
                .onComplete(acked -> {
                  handoverBacklog = null;
                  accepted.forEach(s -> forwards.put(s, successor.id()));
                  accepted.forEach(sessions::remove);
                  Map<String, String> rest = new LinkedHashMap<>(sessions);
                  relocateAll(rest, successor.version()).onComplete(x -> done.complete());
                });
          });
      return done.future();
    });
  }

  /** Tells the gateways of these sessions to send to the successor; completes once they all have. */
  private Future<Void> switchGateways(List<String> moved, InstanceInfo successor, MoveReason reason) {
    Map<String, List<String>> byGateway = new LinkedHashMap<>();
    for (String session : moved) {
      byGateway.computeIfAbsent(sessions.get(session), g -> new ArrayList<>()).add(session);
    }
    List<Future<?>> acks = new ArrayList<>();
    byGateway.forEach((gateway, list) -> acks.add(vertx.eventBus().request(gateway, new GatewayBound.Moved(
        list, successor.id(), successor.version(), successor.node(), reason.wireName()), ASK)));
    metrics.moved(reason.wireName(), moved.size());
    // Once a gateway has answered, nothing more from it is on its way here (same path, in order).
    return Future.join(acks).otherwiseEmpty().mapEmpty();
  }

  /**
   * Drain: no new sessions; completes when the last player has left, or after {@code seconds},
   * when the remaining players are moved to the successor version. Callable from any thread.
   */
  Future<Void> drain(int seconds, String successorVersion) {
    return ContextHop.call(context, () -> {
      Promise<Void> done = Promise.promise();
      state = InstanceInfo.DRAINING;
      report();
      if (sessions.isEmpty()) {
        return Future.succeededFuture();
      }
      whenEmpty = done::tryComplete;
      vertx.setTimer(TimeUnit.SECONDS.toMillis(seconds), t -> {
        if (!done.future().isComplete()) {
          relocateAll(new LinkedHashMap<>(sessions), successorVersion).onComplete(x -> done.tryComplete());
        }
      });
      return done.future();
    });
  }

  /**
   * The gateways of a lost node held some of these sessions: unless they resume elsewhere
   * (a rebind) within the resume window, they are over. Callable from any thread.
   */
  void gatewayNodeLost(String node, int resumeSeconds) {
    context.runOnContext(v -> {
      List<String> stranded = new ArrayList<>();
      sessions.forEach((session, gateway) -> {
        if (Addresses.isGatewayOf(gateway, node)) {
          stranded.add(session);
        }
      });
      if (stranded.isEmpty()) {
        return;
      }
      vertx.setTimer(TimeUnit.SECONDS.toMillis(Math.max(1, resumeSeconds)), t -> stranded.forEach(session -> {
        if (Addresses.isGatewayOf(sessions.get(session), node)) {
          leave(new InstanceBound.Leave(session));
        }
      }));
    });
  }

  /** Retire now: every player moves to the successor version. Callable from any thread. */
  Future<Void> retire(String successorVersion) {
    return ContextHop.call(context, () -> {
      state = InstanceInfo.DRAINING;
      report();
      return relocateAll(new LinkedHashMap<>(sessions), successorVersion);
    });
  }

  private Future<Void> relocateAll(Map<String, String> leaving, String version) {
    if (leaving.isEmpty()) {
      return Future.succeededFuture();
    }
    leaving.keySet().forEach(sessions::remove);
    report();
    return relocator.relocate(info(), leaving, MoveReason.HOTSWAP.wireName(), version)
        .onSuccess(placed -> placed.forEach(forwards::put)).mapEmpty();
  }

  private void submit(Object item) {
    if (generation == null || !generation.offer(item)) {
      pending.add(item);
    }
  }

  // ---- supervision -----------------------------------------------------------------------

  private void startGeneration(MoveReason reason) {
    Generation next = new Generation(vertx, spec.definition(), spec.id(), ++generations, spec.config(), this);
    starting = next;
    if (reason != null) {
      notifyMoved(new LinkedHashMap<>(sessions), reason.wireName());
    }
    long startTimer = vertx.setTimer(limits.hangMs(), t -> {
      if (starting == next) {
        starting = null;
        List<Object> rest = next.abandon();
        abandoned(next);
        replace(new GameFailure("hang in start", spec.id(), null, 0, null), rest);
      }
    });
    next.start(lastSnapshot).onComplete(ar -> {
      vertx.cancelTimer(startTimer);
      if (starting != next) {
        return;
      }
      starting = null;
      if (ar.succeeded()) {
        generation = next;
        ArrayDeque<Object> queued = pending;
        pending = new ArrayDeque<>();
        queued.forEach(this::submit);
        firstStart.tryComplete();
        report();
      } else {
        GameFailure failure = ar.cause() instanceof GameFailureException e ? e.failure()
            : new GameFailure("start", spec.id(), null, 0, ar.cause());
        next.close(false);
        replace(failure, List.of());
      }
    });
  }

  @Override
  public void failed(Generation failed, GameFailure failure, List<Object> unprocessed) {
    // Called on the game's thread: hop back to the slot's own context.
    context.runOnContext(v -> {
      if (failed == generation) {
        generation = null;
        failed.close(false);
        replace(failure, unprocessed);
      }
    });
  }

  private void watchdog() {
    if (generation == null) {
      return;
    }
    GameFailure hang = generation.checkHang(limits.hangMs());
    if (hang != null) {
      Generation stuck = generation;
      generation = null;
      List<Object> rest = stuck.abandon();
      abandoned(stuck);
      replace(hang, rest);
    }
  }

  private void abandoned(Generation stuck) {
    metrics.abandonedThreads().incrementAndGet();
    // The JVM cannot kill a thread: watch whether the game ever returns, and stop counting it then.
    long timer = vertx.setPeriodic(1_000, t -> {
      if (!stuck.isStuck()) {
        vertx.cancelTimer(t);
        metrics.abandonedThreads().decrementAndGet();
        stuck.close(false);
      }
    });
    LOG.debug("watching abandoned generation {} of {} (timer {})", stuck.number(), spec.id(), timer);
  }

  /** A generation failed: answer the message that caused it, then restart (or give up). */
  private void replace(GameFailure failure, List<Object> unprocessed) {
    LOG.error("{}; replacing it from its last snapshot", failure.describe(), failure.cause());
    answerFailedMessage(failure);
    carryOver(unprocessed);
    long delay = policy.onFailure(System.currentTimeMillis());
    if (delay < 0) {
      giveUp();
      return;
    }
    restarts++;
    metrics.restart(spec.definition().name());
    report();
    if (delay == 0) {
      startGeneration(MoveReason.CRASH);
    } else {
      vertx.setTimer(delay, t -> startGeneration(MoveReason.CRASH));
    }
  }

  private void answerFailedMessage(GameFailure failure) {
    String gateway = failure.session() == null ? null : sessions.get(failure.session());
    if (gateway == null || !failure.hook().contains("message")) {
      return;
    }
    Long id = failure.requestId() > 0 ? failure.requestId() : null;
    String frame = new ServerMessage.Failure(id, ErrorCode.GAME_ERROR,
        "the game failed on this message (" + failure.hook() + "); the instance was replaced").encode();
    if (id != null) {
      vertx.eventBus().send(gateway, new GatewayBound.Answer(failure.session(), id, frame));
    } else {
      vertx.eventBus().send(gateway, new GatewayBound.Push(List.of(failure.session()), frame));
    }
  }

  /** Too many restarts: this instance is failed; its players go to another instance if any. */
  private void giveUp() {
    LOG.error("instance {} restarted more than {} times within {} s: not restarting it again",
        spec.id(), limits.maxRestarts(), limits.withinSeconds());
    state = InstanceInfo.FAILED;
    firstStart.tryFail("instance " + spec.id() + " failed to start " + (limits.maxRestarts() + 1) + " times");
    report();
    Map<String, String> leaving = new LinkedHashMap<>(sessions);
    List<Object> stranded = new ArrayList<>(pending);
    sessions.clear();
    pending.clear();
    report();
    relocator.relocate(info(), leaving, MoveReason.CRASH.wireName(), null).onComplete(ar -> {
      Map<String, String> placed = ar.succeeded() ? ar.result() : Map.of();
      placed.forEach(forwards::put);
      for (Object item : stranded) {
        if (item instanceof InstanceBound.Deliver deliver) {
          deliver(deliver);
        }
      }
    });
  }

  /** This instance as of now; callable from any thread. */
  Future<InstanceInfo> describe() {
    return ContextHop.call(context, () -> Future.succeededFuture(info()));
  }

  /**
   * Operator restart, callable from any thread: snapshot now (so nothing is lost), then replace
   * the generation; completes with the instance as it is after (restarts counted).
   */
  Future<InstanceInfo> restart() {
    return ContextHop.call(context, this::replaceNow);
  }

  private Future<InstanceInfo> replaceNow() {
    Promise<InstanceInfo> done = Promise.promise();
    Generation current = generation;
    Future<JsonObject> snapshot = current == null ? Future.succeededFuture(lastSnapshot) : current.snapshot();
    snapshot.onComplete(ar -> {
      if (ar.succeeded() && ar.result() != null) {
        lastSnapshot = ar.result();
      }
      if (generation == current && current != null) {
        generation = null;
        carryOver(current.close(true));
      }
      if (InstanceInfo.FAILED.equals(state)) {
        state = InstanceInfo.ACTIVE;
      }
      policy.reset();
      restarts++;
      metrics.restart(spec.definition().name());
      startGeneration(MoveReason.CRASH);
      done.complete(info());
    });
    return done.future();
  }

  /**
   * Queues, for the next generation, a join for every session (it starts with no players), then
   * what the old one never processed, then what arrived meanwhile; queued joins are dropped
   * since every session already gets one.
   */
  private void carryOver(List<Object> unprocessed) {
    List<Object> carry = new ArrayList<>();
    sessions.forEach((session, gateway) -> carry.add(new InstanceBound.Join(session, gateway, false)));
    for (Object item : unprocessed) {
      if (!(item instanceof InstanceBound.Join)) {
        carry.add(item);
      }
    }
    for (Object item : pending) {
      if (!(item instanceof InstanceBound.Join)) {
        carry.add(item);
      }
    }
    pending = new ArrayDeque<>(carry);
  }

  private void takeSnapshot() {
    if (generation == null || snapshotInFlight) {
      return;
    }
    snapshotInFlight = true;
    generation.snapshot().onComplete(ar -> {
      snapshotInFlight = false;
      if (ar.succeeded() && ar.result() != null) {
        lastSnapshot = ar.result();
        snapshots.put(spec.id(), lastSnapshot);
      }
    });
  }

  private void notifyMoved(Map<String, String> moved, String reason) {
    if (moved.isEmpty()) {
      return;
    }
    Map<String, List<String>> byGateway = new LinkedHashMap<>();
    moved.forEach((session, gateway) -> byGateway.computeIfAbsent(gateway, g -> new ArrayList<>()).add(session));
    byGateway.forEach((gateway, list) -> vertx.eventBus().send(gateway, new GatewayBound.Moved(
        list, spec.id(), spec.definition().version(), spec.node(), reason)));
    metrics.moved(reason, moved.size());
  }
}
