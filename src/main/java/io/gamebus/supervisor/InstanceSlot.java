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
import io.gamebus.placement.InstanceDirectory;
import io.gamebus.protocol.ErrorCode;
import io.gamebus.protocol.MoveReason;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One game instance as clients and operators see it: the instance id, its address, its
 * sessions. The slot outlives the {@link Generation}s that run the game: when one crashes or
 * hangs, the slot answers what the old one left unanswered with {@code game_error}, starts the
 * next from the last snapshot, tells the players {@code moved} (reason {@code crash}) and hands
 * the new game the players and the messages the old one never processed, in order. Too many
 * restarts too fast ({@link RestartPolicy}) and the instance is failed and its players moved
 * elsewhere ({@link Departures}). A hot swap hands the players over to a successor instance.
 * Everything here runs on the slot's event loop.
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
  /** Session to the gateway holding its connection. */
  private final Map<String, String> sessions = new LinkedHashMap<>();
  /** Operator restarts waiting for the replacement to serve (or fail). */
  private final List<Promise<InstanceInfo>> awaitingReplacement = new ArrayList<>();
  private final Promise<Void> firstStart = Promise.promise();
  private final Carryover carryover = new Carryover();
  private PlayerNotices notices;
  private Departures departures;
  private MessageConsumer<InstanceBound> consumer;
  private String state = InstanceInfo.ACTIVE;
  private int restarts;
  private long seq;
  private int generations;
  private Generation generation;
  private Generation starting;
  private long restartTimer = -1;
  private JsonObject lastSnapshot;
  private boolean snapshotInFlight;
  /** Old side of a hot swap: traffic received after the final snapshot, for the successor. */
  private List<InstanceBound> handoverBacklog;
  /** New side of a hot swap: sessions whose old instance has not sent its backlog yet. */
  private final Set<String> heldSessions = new LinkedHashSet<>();
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
    notices = new PlayerNotices(vertx.eventBus(), spec, metrics);
    departures = new Departures(vertx, relocator);
    consumer = vertx.eventBus().consumer(Addresses.instance(spec.id()), this::receive);
    long watchEvery = Math.max(10, limits.hangMs() / 20);
    vertx.setPeriodic(watchEvery, t -> watchdog());
    vertx.setPeriodic(InstanceDirectory.REPORT_INTERVAL_MS, t -> report());
    if (spec.snapshotMs() > 0) {
      vertx.setPeriodic(spec.snapshotMs(), t -> takeSnapshot());
    }
    metrics.instances().incrementAndGet();
    startGeneration();
    return consumer.completion();
  }

  /**
   * The game gets its {@code stop}; waits for it at most {@code hangMs} (a game thread never
   * holds the node up: it belongs to no deployment).
   */
  @Override
  public Future<?> stop() {
    metrics.instances().decrementAndGet();
    if (restartTimer >= 0) {
      vertx.cancelTimer(restartTimer);
    }
    Future<Void> stopped = Future.succeededFuture();
    if (generation != null) {
      generation.close(true);
      stopped = generation.stopped();
      generation = null;
    }
    if (starting != null) {
      starting.close(false);
      starting = null;
    }
    awaitingReplacement.forEach(p -> p.tryFail("instance " + spec.id() + " stopped"));
    vertx.eventBus().publish(Addresses.REGISTRY, new RegistryEvent.InstanceGone(spec.id(), spec.node()));
    return stopped.timeout(limits.hangMs(), TimeUnit.MILLISECONDS).otherwiseEmpty();
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
    if (handoverBacklog != null && SessionTraffic.is(body)) {
      handoverBacklog.add(body);
      return;
    }
    if (!heldSessions.isEmpty() && SessionTraffic.is(body) && heldSessions.contains(SessionTraffic.sessionOf(body))) {
      heldItems.add(body);
      return;
    }
    if (body instanceof InstanceBound.Join join) {
      join(join, message);
    } else if (body instanceof InstanceBound.Adopt adopt) {
      message.reply(new InstanceBound.Adopted(adopt(adopt.sessions(), adopt.reason(), adopt.handover())));
    } else if (body instanceof InstanceBound.Backlog arrived) {
      releaseHeld(arrived.items());
      message.reply(null);
    } else if (SessionTraffic.is(body)) {
      traffic(body);
    }
  }

  /** A session's message, leave or rebind: for the game if the session is here, else after it. */
  private void traffic(InstanceBound item) {
    String session = SessionTraffic.sessionOf(item);
    if (!sessions.containsKey(session)) {
      departures.follow(session, item);
      return;
    }
    if (item instanceof InstanceBound.Rebind rebind) {
      sessions.put(session, rebind.gateway());
    }
    submit(item);
    if (item instanceof InstanceBound.Leave) {
      sessions.remove(session);
      report();
      if (sessions.isEmpty() && whenEmpty != null) {
        whenEmpty.run();
      }
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
    departures.forget(join.session());
    // Answer before the game hears of the player: the gateway must know the session before
    // anything the game sends it in join arrives.
    message.reply(new InstanceBound.Joined(info()));
    submit(join);
    report();
  }

  /**
   * Takes over sessions moved here; returns the ones accepted (capacity permitting). The game
   * hears of them only after their gateways were told {@code moved}: here at once, or, for a
   * handover, when the old instance's backlog comes (it tells the gateways itself, then sends it).
   */
  private List<String> adopt(List<SessionRef> refs, String reason, boolean handover) {
    List<String> accepted = new ArrayList<>();
    if (!InstanceInfo.ACTIVE.equals(state)) {
      return accepted;
    }
    Map<String, String> moved = new LinkedHashMap<>();
    for (SessionRef ref : refs) {
      if (sessions.size() >= spec.capacity()) {
        break;
      }
      sessions.put(ref.session(), ref.gateway());
      departures.forget(ref.session());
      moved.put(ref.session(), ref.gateway());
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
      notices.moved(moved, reason);
      moved.forEach((session, gateway) -> submit(new InstanceBound.Join(session, gateway, false)));
    }
    report();
    return accepted;
  }

  /** New side of a hot swap: the joins, then the old instance's backlog, then what was held meanwhile. */
  private void releaseHeld(List<InstanceBound> arrived) {
    if (heldSessions.isEmpty()) {
      return;
    }
    List<String> joining = new ArrayList<>(heldSessions);
    heldSessions.clear();
    List<InstanceBound> held = new ArrayList<>(heldItems);
    heldItems.clear();
    for (String session : joining) {
      String gateway = sessions.get(session);
      if (gateway != null) {
        submit(new InstanceBound.Join(session, gateway, false));
      }
    }
    arrived.forEach(this::traffic);
    held.forEach(this::traffic);
  }

  private void submit(Object item) {
    if (generation == null || !generation.offer(item)) {
      carryover.add(item);
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
      state = InstanceInfo.DRAINING;
      handoverBacklog = new ArrayList<>();
      keepForSuccessor(carryover.take());
      if (restartTimer >= 0) {
        vertx.cancelTimer(restartTimer);
        restartTimer = -1;
      }
      if (starting != null) {
        starting.close(false);
        starting = null;
      }
      report();
      Generation current = generation;
      if (current == null) {
        return Future.succeededFuture(lastSnapshot);
      }
      Promise<JsonObject> result = Promise.promise();
      current.snapshot().onComplete(ar -> {
        if (generation == current) {
          generation = null;
          Generation.Remains remains = current.close(true);
          notices.dropped(remains.unanswered(), sessions, "was replaced by a new version");
          keepForSuccessor(remains.unprocessed());
        }
        result.complete(ar.succeeded() ? ar.result() : lastSnapshot);
      });
      return result.future();
    });
  }

  /** Items the game will never see, older than anything kept so far, go first to the successor. */
  private void keepForSuccessor(List<Object> items) {
    List<InstanceBound> kept = new ArrayList<>();
    for (Object item : items) {
      if (item instanceof InstanceBound bound && SessionTraffic.is(bound)) {
        kept.add(bound);
      }
    }
    handoverBacklog.addAll(0, kept);
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
            List<InstanceBound> sent = new ArrayList<>();
            for (InstanceBound item : handoverBacklog) {
              if (accepted.contains(SessionTraffic.sessionOf(item))) {
                sent.add(item);
              }
            }
            // Acknowledged, so a node that shuts down right after cannot lose it in flight.
            vertx.eventBus().request(Addresses.instance(successor.id()), new InstanceBound.Backlog(spec.id(), sent), ASK)
                .onComplete(acked -> {
                  handoverBacklog = null;
                  accepted.forEach(s -> departures.movedTo(s, successor.id()));
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
          traffic(new InstanceBound.Leave(session));
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
    leaving.keySet().forEach(sessions::remove);
    report();
    return departures.relocate(info(), leaving, List.of(), MoveReason.HOTSWAP.wireName(), version);
  }

  // ---- supervision -----------------------------------------------------------------------

  private void startGeneration() {
    Generation next = new Generation(vertx, spec.definition(), spec.id(), ++generations, spec.config(), this);
    starting = next;
    // A copy: a game that edits what it is handed must not change what the next one gets.
    next.start(lastSnapshot == null ? null : lastSnapshot.copy()).onComplete(ar -> {
      if (starting != next) {
        return; // given up while starting (a hang), or failed through the listener
      }
      starting = null;
      if (ar.succeeded()) {
        serve(next);
        return;
      }
      GameFailure failure = ar.cause() instanceof GameFailureException e ? e.failure()
          : new GameFailure("start", spec.id(), null, 0, null, ar.cause());
      replace(failure, next.close(false));
    });
  }

  private void serve(Generation next) {
    generation = next;
    // Sent before the queued joins reach the game, so `moved` precedes whatever the new game sends.
    notices.moved(carryover.takeOwedMoved(sessions), MoveReason.CRASH.wireName());
    carryover.take().forEach(this::submit);
    firstStart.tryComplete();
    report();
    replacementDone();
  }

  @Override
  public void failed(Generation failed, GameFailure failure) {
    if (failed == generation) {
      generation = null;
    } else if (failed == starting) {
      starting = null;
    } else {
      // Already ended (an operator restart, a handover), which took what it left.
      LOG.error("{} (while being replaced)", failure.describe(), failure.cause());
      return;
    }
    replace(failure, failed.close(false));
  }

  private void watchdog() {
    watch(generation);
    watch(starting);
  }

  private void watch(Generation watched) {
    if (watched == null) {
      return;
    }
    GameFailure hang = watched.checkHang(limits.hangMs());
    if (hang == null) {
      return;
    }
    Generation.Remains remains = watched.abandon();
    if (remains == null) {
      return; // it threw meanwhile: the listener handles it
    }
    if (watched == generation) {
      generation = null;
    } else {
      starting = null;
    }
    metrics.abandoned(watched::isRunning);
    replace(hang, remains);
  }

  /** A generation failed: answer what it left unanswered, then restart (or give up). */
  private void replace(GameFailure failure, Generation.Remains remains) {
    if (handoverBacklog != null) {
      // Being handed over to a new version: the successor carries on from the last snapshot.
      LOG.error("{}; its successor takes over from its last snapshot", failure.describe(), failure.cause());
      notices.failed(failure, remains.unanswered(), sessions);
      keepForSuccessor(remains.unprocessed());
      return;
    }
    long delay = policy.onFailure(System.currentTimeMillis());
    LOG.error("{}; {}", failure.describe(), delay < 0 ? "giving up on the instance"
        : "replacing it from its last snapshot" + (delay > 0 ? " in " + delay + " ms" : ""), failure.cause());
    notices.failed(failure, remains.unanswered(), sessions);
    carryover.replaced(sessions, remains.unprocessed());
    if (delay < 0) {
      giveUp();
      return;
    }
    counted();
    if (delay == 0) {
      startGeneration();
    } else {
      restartTimer = vertx.setTimer(delay, t -> {
        restartTimer = -1;
        startGeneration();
      });
    }
  }

  /** Too many restarts: this instance is failed; its players go to another instance if any. */
  private void giveUp() {
    LOG.error("instance {} failed more than {} times within {} s: not restarting it again; "
        + "POST /admin/instances/{}/restart revives it", spec.id(), limits.maxRestarts(), limits.withinSeconds(), spec.id());
    state = InstanceInfo.FAILED;
    firstStart.tryFail("instance " + spec.id() + " failed " + (limits.maxRestarts() + 1) + " times");
    Map<String, String> leaving = new LinkedHashMap<>(sessions);
    List<Object> stranded = carryover.take();
    sessions.clear();
    report();
    departures.relocate(info(), leaving, stranded, MoveReason.CRASH.wireName(), null)
        .onComplete(v -> LOG.info("failed instance {}: its {} players were moved or ended", spec.id(), leaving.size()));
    replacementDone();
  }

  private void replacementDone() {
    InstanceInfo now = info();
    awaitingReplacement.forEach(p -> p.tryComplete(now));
    awaitingReplacement.clear();
  }

  /** This instance as of now; callable from any thread. */
  Future<InstanceInfo> describe() {
    return ContextHop.call(context, () -> Future.succeededFuture(info()));
  }

  /**
   * Operator restart, callable from any thread: snapshot now (so nothing is lost), then replace
   * the generation; completes with the instance as it is once the replacement serves (or failed
   * to start), restarts counted. Revives a failed instance.
   */
  Future<InstanceInfo> restart() {
    return ContextHop.call(context, () -> {
      Promise<InstanceInfo> result = Promise.promise();
      awaitingReplacement.add(result);
      restartNow();
      return result.future();
    });
  }

  private void restartNow() {
    if (InstanceInfo.FAILED.equals(state)) {
      LOG.info("instance {} revived by an operator restart", spec.id());
      state = InstanceInfo.ACTIVE;
      policy.reset();
      counted();
      startGeneration();
      return;
    }
    Generation current = generation;
    if (current == null) {
      // A replacement is already under way; one waiting out its backoff starts now.
      if (restartTimer >= 0) {
        vertx.cancelTimer(restartTimer);
        restartTimer = -1;
        startGeneration();
      }
      if (starting == null) {
        replacementDone(); // handed over or retired: nothing to restart
      }
      return;
    }
    current.snapshot().onComplete(ar -> {
      if (ar.failed() || generation != current) {
        return; // it failed first; that replacement answers the operator
      }
      if (ar.result() != null) {
        lastSnapshot = ar.result();
        snapshots.put(spec.id(), lastSnapshot);
      }
      generation = null;
      Generation.Remains remains = current.close(true);
      watchStop(current);
      notices.dropped(remains.unanswered(), sessions, "was restarted");
      carryover.replaced(sessions, remains.unprocessed());
      LOG.info("instance {} restarted by an operator", spec.id());
      counted();
      startGeneration();
    });
  }

  private void counted() {
    restarts++;
    metrics.restart(spec.definition().name());
    report();
  }

  /** A generation asked to stop whose thread is still busy after hangMs is an abandoned thread. */
  private void watchStop(Generation old) {
    vertx.setTimer(limits.hangMs(), t -> {
      if (old.isRunning()) {
        LOG.warn("generation {} of instance {} did not return from stop within {} ms; abandoning its thread",
            old.number(), spec.id(), limits.hangMs());
        metrics.abandoned(old::isRunning);
      }
    });
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
}
