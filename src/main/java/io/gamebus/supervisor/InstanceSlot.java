package io.gamebus.supervisor;

import io.gamebus.bus.Addresses;
import io.gamebus.bus.InstanceBound;
import io.gamebus.bus.InstanceInfo;
import io.gamebus.bus.RegistryEvent;
import io.gamebus.bus.SessionRef;
import io.gamebus.config.SupervisorConfig;
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
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One game instance as clients and operators see it: the instance id, its address, its
 * sessions. The slot outlives the {@link Generation}s that run the game: when one crashes or
 * hangs, the slot answers what the old one left unanswered with {@code game_error}, starts the
 * next from the last snapshot, tells the players {@code moved} (reason {@code crash}) and hands
 * the new game the players and the messages the old one never processed, in order. Too many
 * restarts too fast ({@link RestartPolicy}) and the instance is failed and its players moved
 * elsewhere ({@link FailedInstance}). Everything here runs on the slot's event loop.
 */
public final class InstanceSlot extends VerticleBase implements Generation.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(InstanceSlot.class);

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
  private final Backlog backlog = new Backlog();
  private PlayerNotices notices;
  private FailedInstance failedInstance;
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
    notices = new PlayerNotices(vertx.eventBus(), spec, metrics);
    failedInstance = new FailedInstance(vertx, relocator);
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

  @Override
  public Future<?> stop() {
    metrics.instances().decrementAndGet();
    if (restartTimer >= 0) {
      vertx.cancelTimer(restartTimer);
    }
    if (generation != null) {
      generation.close(true);
      generation = null;
    }
    if (starting != null) {
      starting.close(false);
      starting = null;
    }
    awaitingReplacement.forEach(p -> p.tryFail("instance " + spec.id() + " stopped"));
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
    if (body instanceof InstanceBound.Join join) {
      join(join, message);
    } else if (body instanceof InstanceBound.Adopt adopt) {
      message.reply(new InstanceBound.Adopted(adopt(adopt.sessions(), adopt.reason())));
    } else {
      traffic(body);
    }
  }

  /** A session's message, leave or rebind: for the game if the session is here, else after it. */
  private void traffic(InstanceBound item) {
    String session = FailedInstance.sessionOf(item);
    if (!sessions.containsKey(session)) {
      failedInstance.follow(session, item);
      return;
    }
    if (item instanceof InstanceBound.Leave) {
      sessions.remove(session);
      report();
    } else if (item instanceof InstanceBound.Rebind rebind) {
      sessions.put(session, rebind.gateway());
    }
    submit(item);
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
    failedInstance.forget(join.session());
    // Answer before the game hears of the player: the gateway must know the session before
    // anything the game sends it in join arrives.
    message.reply(new InstanceBound.Joined(info()));
    submit(join);
    report();
  }

  /** Takes over sessions moved here; returns the ones accepted (capacity permitting). */
  private List<String> adopt(List<SessionRef> refs, String reason) {
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
      failedInstance.forget(ref.session());
      moved.put(ref.session(), ref.gateway());
      accepted.add(ref.session());
    }
    if (!accepted.isEmpty()) {
      // `moved` first, so it precedes whatever the game sends the players from join.
      notices.moved(moved, reason);
      moved.forEach((session, gateway) -> submit(new InstanceBound.Join(session, gateway, false)));
      report();
    }
    return accepted;
  }

  private void submit(Object item) {
    if (generation == null || !generation.offer(item)) {
      backlog.add(item);
    }
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
    notices.moved(backlog.takeOwedMoved(sessions), MoveReason.CRASH.wireName());
    backlog.take().forEach(this::submit);
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
      // Already ended by an operator restart, which took what it left.
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
    long delay = policy.onFailure(System.currentTimeMillis());
    LOG.error("{}; {}", failure.describe(), delay < 0 ? "giving up on the instance"
        : "replacing it from its last snapshot" + (delay > 0 ? " in " + delay + " ms" : ""), failure.cause());
    notices.failed(failure, remains.unanswered(), sessions);
    backlog.replaced(sessions, remains.unprocessed());
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
    List<Object> stranded = backlog.take();
    sessions.clear();
    report();
    failedInstance.relocate(info(), leaving, stranded);
    replacementDone();
  }

  private void replacementDone() {
    InstanceInfo now = info();
    awaitingReplacement.forEach(p -> p.tryComplete(now));
    awaitingReplacement.clear();
  }

  /** This instance as of now; callable from any thread. */
  Future<InstanceInfo> describe() {
    Promise<InstanceInfo> result = Promise.promise();
    context.runOnContext(v -> result.complete(info()));
    return result.future();
  }

  /**
   * Operator restart, callable from any thread: snapshot now (so nothing is lost), then replace
   * the generation; completes with the instance as it is once the replacement serves (or failed
   * to start), restarts counted. Revives a failed instance.
   */
  Future<InstanceInfo> restart() {
    Promise<InstanceInfo> result = Promise.promise();
    context.runOnContext(v -> {
      awaitingReplacement.add(result);
      restartNow();
    });
    return result.future();
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
      notices.restarted(remains.unanswered(), sessions);
      backlog.replaced(sessions, remains.unprocessed());
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
