package io.gamebus.supervisor;

import io.gamebus.bus.Addresses;
import io.gamebus.bus.GatewayBound;
import io.gamebus.bus.InstanceBound;
import io.gamebus.bus.InstanceInfo;
import io.gamebus.bus.RegistryEvent;
import io.gamebus.bus.SessionRef;
import io.gamebus.config.SupervisorConfig;
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

  /** Completes once the first generation has started (the instance is serving). */
  Future<Void> serving() {
    return firstStart.future();
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
    metrics.countRestarts(spec.definition().name());
    startGeneration(null);
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    metrics.instances().decrementAndGet();
    if (generation != null) {
      generation.close(true);
      generation = null;
    }
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
    if (body instanceof InstanceBound.Deliver deliver) {
      deliver(deliver);
    } else if (body instanceof InstanceBound.Join join) {
      join(join, message);
    } else if (body instanceof InstanceBound.Leave leave) {
      if (sessions.remove(leave.session()) != null) {
        submit(leave);
        report();
      }
    } else if (body instanceof InstanceBound.Rebind rebind) {
      if (sessions.replace(rebind.session(), rebind.gateway()) != null) {
        submit(rebind);
      }
    } else if (body instanceof InstanceBound.Adopt adopt) {
      message.reply(new InstanceBound.Adopted(adopt(adopt.sessions(), adopt.reason())));
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
  private List<String> adopt(List<SessionRef> refs, String reason) {
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
    if (!accepted.isEmpty()) {
      Map<String, String> moved = new LinkedHashMap<>();
      accepted.forEach(s -> moved.put(s, sessions.get(s)));
      notifyMoved(moved, reason);
      report();
    }
    return accepted;
  }

  private void submit(Object item) {
    if (generation == null || !generation.offer(item)) {
      pending.add(item);
    }
  }

  // ---- supervision -----------------------------------------------------------------------

  private void startGeneration(MoveReason reason) {
    Generation next = new Generation(vertx, context, spec.definition(), spec.id(), ++generations, spec.config(),
        limits.hangMs(), this);
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
    relocator.relocate(info(), leaving, MoveReason.CRASH.wireName()).onComplete(ar -> {
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
    Promise<InstanceInfo> result = Promise.promise();
    context.runOnContext(v -> result.complete(info()));
    return result.future();
  }

  /**
   * Operator restart, callable from any thread: snapshot now (so nothing is lost), then replace
   * the generation; completes with the instance as it is after (restarts counted).
   */
  Future<InstanceInfo> restart() {
    Promise<InstanceInfo> result = Promise.promise();
    context.runOnContext(v -> replaceNow().onComplete(result));
    return result.future();
  }

  private Future<InstanceInfo> replaceNow() {
    Promise<InstanceInfo> done = Promise.promise();
    Generation current = generation;
    Future<JsonObject> snapshot = current == null ? Future.succeededFuture(lastSnapshot) : current.snapshot();
    // The snapshot completes on the game's thread: come back to the slot's own context before
    // touching the slot (and before deploying the next generation, which would otherwise be
    // deployed as a child of the old one and undeployed with it).
    onSlot(snapshot, ar -> {
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
    onSlot(generation.snapshot(), ar -> {
      snapshotInFlight = false;
      if (ar.succeeded() && ar.result() != null) {
        lastSnapshot = ar.result();
        snapshots.put(spec.id(), lastSnapshot);
      }
    });
  }

  /** Handles a result (of a game call, completed on the game's thread) on this slot's context. */
  private <T> void onSlot(Future<T> result, io.vertx.core.Handler<io.vertx.core.AsyncResult<T>> handler) {
    result.onComplete(ar -> context.runOnContext(v -> handler.handle(ar)));
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
