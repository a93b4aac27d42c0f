package io.gamebus.instance;

import io.gamebus.bus.InstanceBound;
import io.gamebus.bus.SessionRef;
import io.gamebus.bus.InstanceInfo;
import io.gamebus.config.SupervisorConfig;
import io.gamebus.game.GameFailure;
import io.gamebus.game.GameFailureException;
import io.gamebus.game.GamePool;
import io.gamebus.game.Generation;
import io.gamebus.metrics.GamebusMetrics;
import io.gamebus.protocol.MoveReason;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Generation}s that run one instance's game: the one serving, and the next one while
 * it starts. A generation that crashes or hangs is replaced: what it left unanswered gets
 * {@code game_error}, the next one starts from the {@link LastSnapshot} and gets the players and
 * the messages the old one never processed ({@link NextGameBacklog}), within the
 * {@link RestartPolicy}; past it, the instance is failed and its players moved elsewhere
 * ({@link DepartedSessions}). An operator restart replaces the serving one the same way. Hangs are
 * found by the {@link GamePool}'s watchdog and reach here as failures. Lives on its slot's event
 * loop.
 */
final class GenerationSupervisor implements Generation.Listener {
  // Logged as the slot: an instance's failures, hangs and restarts are followed under one logger.
  private static final Logger LOG = LoggerFactory.getLogger(InstanceSlot.class);

  private final Vertx vertx;
  private final GamePool pool;
  private final SlotSpec spec;
  private final SupervisorConfig limits;
  private final GamebusMetrics metrics;
  private final InstanceStatus status;
  private final SlotSessions sessions;
  private final NextGameBacklog nextGame;
  private final LastSnapshot snapshot;
  private final PlayerNotices notices;
  private final DepartedSessions departed;
  private final RestartPolicy policy;
  private final SlotInbox inbox;
  /** Sessions moved here whose old instance's backlog has not come: not yet for the game. */
  private final Predicate<String> awaitingBacklog;
  /** Operator restarts waiting for the replacement to serve (or fail). */
  private final List<Promise<InstanceInfo>> awaitingReplacement = new ArrayList<>();
  private final Promise<Void> firstStart = Promise.promise();
  private int count;
  private Generation serving;
  private Generation starting;
  private long restartTimer = -1;
  /** Set once the instance is handed over: takes what a failed generation leaves; none starts again. */
  private Consumer<List<Object>> successor;

  GenerationSupervisor(Vertx vertx, GamePool pool, SlotSpec spec, SupervisorConfig limits, GamebusMetrics metrics,
              InstanceStatus status, SlotSessions sessions, NextGameBacklog nextGame, LastSnapshot snapshot,
              PlayerNotices notices, DepartedSessions departed, SlotInbox inbox, Predicate<String> awaitingBacklog) {
    this.vertx = vertx;
    this.pool = pool;
    this.spec = spec;
    this.limits = limits;
    this.metrics = metrics;
    this.status = status;
    this.sessions = sessions;
    this.nextGame = nextGame;
    this.snapshot = snapshot;
    this.notices = notices;
    this.departed = departed;
    this.policy = new RestartPolicy(limits.maxRestarts(), limits.withinSeconds() * 1000L);
    this.inbox = inbox;
    this.awaitingBacklog = awaitingBacklog;
  }

  /** Completes once the first generation has started (the instance is serving). */
  Future<Void> serving() {
    return firstStart.future();
  }

  /** For the serving game, or, while none serves, for the next one. */
  void submit(Object item) {
    if (item instanceof InstanceBound.Leave leave) {
      inbox.deny(leave.session());
    }
    if (serving == null || !serving.offer(item)) {
      nextGame.add(item);
    }
  }

  /** The game's state now, without disturbing it (null if it keeps none). */
  Future<JsonObject> peekSnapshot() {
    return serving == null ? Future.succeededFuture(snapshot.get()) : serving.snapshot();
  }

  void takeSnapshot() {
    snapshot.take(serving);
  }

  /**
   * Ends every generation (the serving one gets its {@code stop}); completes once that returned.
   * Operator restarts still waiting fail.
   */
  Future<Void> stop() {
    if (restartTimer >= 0) {
      vertx.cancelTimer(restartTimer);
    }
    Future<Void> stopped = Future.succeededFuture();
    if (serving != null) {
      serving.close(true);
      stopped = serving.stopped();
      serving(null);
    }
    if (starting != null) {
      starting.close(false);
      starting = null;
    }
    awaitingReplacement.forEach(p -> p.tryFail("instance " + spec.id() + " stopped"));
    return stopped;
  }

  /**
   * The instance is handed over to a successor: no generation starts any more, and what the
   * serving one leaves (once it has given its final snapshot), or what a failing one leaves,
   * goes to {@code keep}, as does what waits for the next game now. Completes with the final
   * snapshot, or the last one if the game could not give it.
   */
  Future<JsonObject> handOver(Consumer<List<Object>> keep) {
    successor = keep;
    inbox.serve(null); // from now on every message goes through the slot, which keeps it for the successor
    keep.accept(nextGame.take());
    if (restartTimer >= 0) {
      vertx.cancelTimer(restartTimer);
      restartTimer = -1;
    }
    if (starting != null) {
      starting.close(false);
      starting = null;
    }
    status.report();
    Generation current = serving;
    if (current == null) {
      return Future.succeededFuture(snapshot.get());
    }
    Promise<JsonObject> result = Promise.promise();
    current.lastSnapshot().onComplete(ar -> {
      if (serving == current) {
        serving(null);
        Generation.Remains remains = current.close(true);
        notices.dropped(remains.unanswered(), sessions, "was replaced by a new version");
        keep.accept(remains.unprocessed());
      }
      result.complete(ar.succeeded() ? ar.result() : snapshot.get());
    });
    return result.future();
  }

  // ---- starting and replacing --------------------------------------------------------------

  void startNext() {
    Generation next = new Generation(vertx, pool, spec.definition(), spec.id(), ++count, spec.config(), this);
    starting = next;
    next.start(snapshot.forNextGeneration()).onComplete(ar -> {
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
    serving(next);
    // Sent before the queued joins reach the game, so `moved` precedes whatever the new game sends.
    notices.moved(nextGame.takeOwedMoved(sessions), MoveReason.CRASH.wireName());
    nextGame.take().forEach(this::submit);
    sessions.ids().stream().filter(awaitingBacklog.negate()).forEach(inbox::allow);
    firstStart.tryComplete();
    status.report();
    replacementDone();
  }

  @Override
  public void failed(Generation failed, GameFailure failure) {
    if (failed == serving) {
      serving(null);
    } else if (failed == starting) {
      starting = null;
    } else {
      // Already ended (an operator restart, a handover), which took what it left.
      LOG.error("{} (while being replaced)", failure.describe(), failure.cause());
      return;
    }
    replace(failure, failed.close(false));
  }

  /** A generation failed: answer what it left unanswered, then restart (or give up). */
  private void replace(GameFailure failure, Generation.Remains remains) {
    if (successor != null) {
      // Being handed over to a new version: the successor carries on from the last snapshot.
      LOG.error("{}; its successor takes over from its last snapshot", failure.describe(), failure.cause());
      notices.failed(failure, remains.unanswered(), sessions);
      successor.accept(remains.unprocessed());
      return;
    }
    long delay = policy.onFailure(System.currentTimeMillis());
    LOG.error("{}; {}", failure.describe(), delay < 0 ? "giving up on the instance"
        : "replacing it from its last snapshot" + (delay > 0 ? " in " + delay + " ms" : ""), failure.cause());
    notices.failed(failure, remains.unanswered(), sessions);
    nextGame.replaced(sessions, remains.unprocessed());
    if (delay < 0) {
      giveUp();
      return;
    }
    counted();
    if (delay == 0) {
      startNext();
    } else {
      restartTimer = vertx.setTimer(delay, t -> {
        restartTimer = -1;
        startNext();
      });
    }
  }

  /** Too many restarts: this instance is failed; its players go to another instance if any. */
  private void giveUp() {
    LOG.error("instance {} failed more than {} times within {} s: not restarting it again; "
        + "POST /admin/instances/{}/restart revives it", spec.id(), limits.maxRestarts(), limits.withinSeconds(), spec.id());
    status.state(InstanceInfo.FAILED);
    firstStart.tryFail("instance " + spec.id() + " failed " + (limits.maxRestarts() + 1) + " times");
    Map<String, SessionRef> leaving = sessions.takeAll();
    List<Object> stranded = nextGame.take();
    status.report();
    departed.relocate(status.info(), leaving, stranded, MoveReason.CRASH.wireName(), null)
        .onComplete(v -> LOG.info("failed instance {}: its {} players were moved or ended", spec.id(), leaving.size()));
    replacementDone();
  }

  private void replacementDone() {
    InstanceInfo now = status.info();
    awaitingReplacement.forEach(p -> p.tryComplete(now));
    awaitingReplacement.clear();
  }

  // ---- operator restart --------------------------------------------------------------------

  /** See {@link InstanceSlot#restart()}. */
  Future<InstanceInfo> restart() {
    Promise<InstanceInfo> result = Promise.promise();
    awaitingReplacement.add(result);
    restartNow();
    return result.future();
  }

  private void restartNow() {
    if (status.is(InstanceInfo.FAILED)) {
      LOG.info("instance {} revived by an operator restart", spec.id());
      status.state(InstanceInfo.ACTIVE);
      policy.reset();
      counted();
      startNext();
      return;
    }
    Generation current = serving;
    if (current == null) {
      // A replacement is already under way; one waiting out its backoff starts now.
      if (restartTimer >= 0) {
        vertx.cancelTimer(restartTimer);
        restartTimer = -1;
        startNext();
      }
      if (starting == null) {
        replacementDone(); // handed over or retired: nothing to restart
      }
      return;
    }
    current.lastSnapshot().onComplete(ar -> {
      if (ar.failed() || serving != current) {
        return; // it failed first; that replacement answers the operator
      }
      snapshot.keep(ar.result());
      serving(null);
      Generation.Remains remains = current.close(true);
      notices.dropped(remains.unanswered(), sessions, "was restarted");
      nextGame.replaced(sessions, remains.unprocessed());
      LOG.info("instance {} restarted by an operator", spec.id());
      counted();
      startNext();
    });
  }

  private void serving(Generation generation) {
    serving = generation;
    if (successor == null) {
      inbox.serve(generation);
    }
  }

  private void counted() {
    status.restarted();
    metrics.restart(spec.definition().name());
    status.report();
  }
}
