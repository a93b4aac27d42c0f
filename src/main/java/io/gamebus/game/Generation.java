package io.gamebus.game;

import io.gamebus.api.Game;
import io.gamebus.bus.InstanceBound;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link Game} object and its lane on the node's game threads ({@link GameLane},
 * {@link GamePool}): a game stuck in a loop holds only the thread it is stuck on, which the pool
 * replaces; the instance's slot replaces a failed generation with a new one.
 *
 * <p>Calls reach the game through its {@link Mailbox}, drained on its lane in order, each call
 * made through {@link GameCalls}, which names the hook, player and message of a throw or a hang
 * ({@link HangWatchdog}). When the game
 * fails, what it had not processed and the requests it had not answered are handed back to the
 * slot ({@link Remains}, kept by {@link Leftovers} until taken): the slot gives
 * the first to the next generation and answers the second with {@code game_error}, so nothing
 * sent to a crashing instance goes unanswered.
 *
 * <p>Threads: {@link #offer} may be called from any thread; {@link #close} is called on the
 * context that created the generation (the slot's), where every future and the {@link Listener}
 * complete too; the game runs on its lane.
 */
public final class Generation {
  private static final Logger LOG = LoggerFactory.getLogger(Generation.class);

  /**
   * Told on the slot's context, at most once, that the game threw or hung; the slot then takes
   * what it left with {@link #close}.
   */
  public interface Listener {
    void failed(Generation generation, GameFailure failure);
  }

  /**
   * What a generation leaves behind when it ends.
   *
   * @param unprocessed mailbox items the game never saw, in order ({@link InstanceBound} messages)
   * @param unanswered  requests the game took but never answered
   */
  public record Remains(List<Object> unprocessed, List<Unanswered> unanswered) {
    static final Remains NONE = new Remains(List.of(), List.of());
  }

  /** A request a game took and will never answer. */
  public record Unanswered(String session, long requestId) {}

  /** A mailbox item asking for {@link Game#snapshot()}; the game's last call if {@code last}. */
  private record SnapshotRequest(Promise<JsonObject> result, boolean last) {}

  private final Vertx vertx;
  private final GameDefinition definition;
  private final String instanceId;
  private final int number;
  private final JsonObject config;
  private final Listener listener;
  private final Context home;
  private final GameLane lane;
  private final Context context;
  private final Outbox outbox;
  private final Map<String, GamePlayer> players = new LinkedHashMap<>();
  private final Set<GameMessage> open = ConcurrentHashMap.newKeySet();
  private final GameCalls calls;
  private final Mailbox mailbox;
  private final Leftovers leftovers = new Leftovers();
  /** Set once the generation is over (failed, abandoned or closed): nothing more is reported. */
  private final AtomicBoolean ended = new AtomicBoolean();
  private final Promise<Void> stopped = Promise.promise();
  /** Game calls and lane tasks at the last snapshot: tell whether the game ran since. */
  private volatile long tasksAtSnapshot = -1;
  private volatile long callsAtSnapshot = -1;
  private Game game;

  public Generation(Vertx vertx, GamePool pool, GameDefinition definition, String instanceId, int number,
                    JsonObject config, Listener listener) {
    this.vertx = vertx;
    this.definition = definition;
    this.instanceId = instanceId;
    this.number = number;
    this.config = config;
    this.listener = listener;
    this.home = vertx.getOrCreateContext();
    this.lane = new GameLane(vertx, pool, definition.loader(), home.deploymentID(), this::hung);
    this.context = lane.context();
    this.outbox = new Outbox(vertx.eventBus(), context, vertx.isClustered() ? home : null);
    this.calls = new GameCalls(instanceId);
    this.mailbox = new Mailbox(context, this::handOver);
    context.exceptionHandler(t -> crashed(calls.timerThrew(t)));
  }

  public int number() {
    return number;
  }

  Outbox outbox() {
    return outbox;
  }

  /**
   * Creates the game on its lane and calls {@code start}. Fails with a
   * {@link GameFailureException} when the game's constructor or {@code start} throws; never
   * completes while {@code start} hangs (the listener hears of that).
   */
  public Future<Void> start(JsonObject restored) {
    Promise<Void> result = Promise.promise();
    context.runOnContext(v -> {
      GameFailure failure = calls.run("start", null, () -> {
        game = definition.factory().get();
        game.start(new InstanceContext(vertx, definition, instanceId, config, players, outbox), restored);
      });
      if (failure == null) {
        home.runOnContext(x -> result.tryComplete());
      } else {
        end();
        home.runOnContext(x -> result.tryFail(new GameFailureException(failure)));
      }
    });
    return result.future();
  }

  /** Queues an item for the game; false once this generation is dead (keep it for the next one). */
  public boolean offer(Object item) {
    return offerAll(List.of(item));
  }

  /**
   * Queues items for the game, in order, waking its lane once; false (none queued) once this
   * generation is dead. Callable from any thread.
   */
  public boolean offerAll(List<?> items) {
    return mailbox.offerAll(items);
  }

  /**
   * Queues a snapshot after everything already queued; completes with null for a game without
   * state, fails when the game fails first.
   */
  public Future<JsonObject> snapshot() {
    return snapshot(false);
  }

  /**
   * {@link #snapshot()} as the game's last call: what is queued after it stays in the mailbox,
   * for {@link #close} to hand to the next generation, so the state handed over misses nothing
   * the game processed.
   */
  public Future<JsonObject> lastSnapshot() {
    return snapshot(true);
  }

  private Future<JsonObject> snapshot(boolean last) {
    Promise<JsonObject> promise = Promise.promise();
    if (!offer(new SnapshotRequest(promise, last))) {
      promise.fail("generation " + number + " of " + instanceId + " is gone");
    }
    return promise.future();
  }

  /**
   * Ends this generation without waiting for it: calls the game's {@code stop} (if asked and the
   * game started; failures are only logged), cancels every timer and consumer the game left
   * behind and takes no more tasks. Returns what it left that nobody took yet.
   */
  public Remains close(boolean callStop) {
    end();
    kill();
    boolean stopping = false;
    if (callStop) {
      try {
        context.runOnContext(v -> {
          if (game != null) {
            GameFailure failure = calls.run("stop", null, game::stop);
            if (failure != null) {
              LOG.warn(failure.describe(), failure.cause());
            }
          }
          home.runOnContext(x -> stopped.tryComplete());
        });
        stopping = true;
      } catch (RejectedExecutionException closedAlready) {
        // closed or abandoned before: nothing more runs there
      }
    }
    if (!stopping) {
      stopped.tryComplete();
    }
    lane.close();
    return leftovers.take();
  }

  /**
   * Whether no game code ran since the game's last snapshot, so its state cannot have changed:
   * a periodic snapshot would give the same. Callable from any thread.
   */
  public boolean unchangedSinceSnapshot() {
    return callsAtSnapshot == calls.count() && tasksAtSnapshot == lane.tasks();
  }

  /** Completes once the game's {@code stop} asked for by {@link #close} returned (never, if it hangs). */
  public Future<Void> stopped() {
    return stopped.future();
  }

  private boolean end() {
    return ended.compareAndSet(false, true);
  }

  /**
   * The pool's watchdog found the game stuck in one task for longer than {@code hangMs}: in a
   * call, or else in one of its own timers or handlers.
   */
  private void hung() {
    crashed(calls.hung());
  }

  /** Reports a failure once (from the game's lane, or the pool's watchdog for a hang). */
  private void crashed(GameFailure failure) {
    if (end()) {
      kill();
      home.runOnContext(v -> listener.failed(this, failure));
    }
  }

  /** Stops the mailbox and sets aside what the game will never process or answer. */
  private void kill() {
    List<Object> rest = mailbox.close();
    outbox.mute();
    List<Unanswered> unanswered = new ArrayList<>();
    for (GameMessage message : open) {
      if (open.remove(message)) {
        unanswered.add(new Unanswered(message.session(), message.requestId()));
      }
    }
    List<Object> unprocessed = new ArrayList<>(rest.size());
    for (Object item : rest) {
      if (item instanceof SnapshotRequest request) {
        failSnapshot(request);
      } else {
        unprocessed.add(item);
      }
    }
    leftovers.add(unprocessed, unanswered);
    if (calls.current() instanceof SnapshotRequest request) {
      failSnapshot(request);
    }
  }

  private void failSnapshot(SnapshotRequest request) {
    home.runOnContext(v -> request.result().tryFail("generation " + number + " of " + instanceId + " failed"));
  }

  /** Hands one item to the game, from the mailbox; false once the game failed. */
  private boolean handOver(Object item) {
    GameFailure failure = dispatch(item);
    if (failure != null) {
      crashed(failure);
      return false;
    }
    return true;
  }

  /** Hands one item to the game; the failure if the game threw. */
  private GameFailure dispatch(Object item) {
    if (item instanceof InstanceBound.Deliver deliver) {
      GamePlayer player = players.get(deliver.session());
      if (player == null) {
        if (deliver.requestId() > 0) {
          LOG.warn("instance {} got request {} for {}, which never joined it", instanceId, deliver.requestId(),
              deliver.session());
        }
        return null;
      }
      GameMessage message = new GameMessage(player, deliver.requestId(), deliver.route(), deliver.body(), outbox, open);
      return calls.run("message", item, () -> game.message(player, message));
    }
    if (item instanceof InstanceBound.Join join) {
      GamePlayer known = players.get(join.session());
      if (known != null) {
        known.rebind(join.gateway());
        return null;
      }
      GamePlayer player = new GamePlayer(join.session(), join.gateway(), join.identity(), this);
      players.put(join.session(), player);
      return calls.run("join", item, () -> game.join(player));
    }
    if (item instanceof InstanceBound.Leave leave) {
      GamePlayer player = players.remove(leave.session());
      return player == null ? null : calls.run("leave", item, () -> game.leave(player));
    }
    if (item instanceof InstanceBound.Rebind rebind) {
      GamePlayer player = players.get(rebind.session());
      if (player != null) {
        player.rebind(rebind.gateway());
      }
      return null;
    }
    if (item instanceof SnapshotRequest request) {
      JsonObject[] state = new JsonObject[1];
      GameFailure failure = calls.run("snapshot", item, () -> {
        JsonObject snapshot = game.snapshot();
        state[0] = snapshot == null ? null : snapshot.copy();
      });
      if (failure == null) {
        callsAtSnapshot = calls.count();
        tasksAtSnapshot = lane.tasks();
        if (request.last()) {
          mailbox.finish();
        }
        home.runOnContext(v -> request.result().tryComplete(state[0]));
      } else {
        failSnapshot(request);
      }
      return failure;
    }
    throw new IllegalArgumentException("not a mailbox item: " + item);
  }
}
