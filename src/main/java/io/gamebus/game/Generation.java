package io.gamebus.game;

import io.gamebus.api.Game;
import io.gamebus.bus.InstanceBound;
import io.gamebus.protocol.ErrorCode;
import io.gamebus.protocol.ServerMessage;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@link Game} object and the thread it runs on. Each generation gets its own
 * single-thread worker pool, so a game stuck in a loop holds only its own thread; the
 * instance's slot replaces a failed generation with a new one.
 *
 * <p>Calls reach the game through a mailbox drained on that thread in order. When the game
 * fails, the mailbox's unprocessed items are handed back to the slot, which gives them to the
 * next generation: nothing sent to a crashing instance is lost.
 */
public final class Generation {
  /** Told (on the game's thread, or the watchdog's) when the game failed. */
  public interface Listener {
    void failed(Generation generation, GameFailure failure, List<Object> unprocessed);
  }

  /** A mailbox item asking for {@link Game#snapshot()}. */
  public record SnapshotRequest(Promise<JsonObject> result) {}

  private static final int BATCH = 64;

  private final Vertx vertx;
  private final GameDefinition definition;
  private final String instanceId;
  private final int number;
  private final JsonObject config;
  private final Listener listener;
  private final Outbox outbox;
  private final Map<String, GamePlayer> players = new LinkedHashMap<>();
  private final Object lock = new Object();
  private final ArrayDeque<Object> mailbox = new ArrayDeque<>();
  private boolean scheduled;
  private boolean dead;
  /** Whether undeploying calls the game's stop: not after a crash or a hang. */
  private volatile boolean stopGame = true;
  private volatile long busySince;
  private volatile Object current;
  private volatile long beatPostedAt;
  private volatile Thread thread;
  private Context context;
  private String deploymentId;
  private Game game;

  public Generation(Vertx vertx, GameDefinition definition, String instanceId, int number,
                    JsonObject config, Listener listener) {
    this.vertx = vertx;
    this.definition = definition;
    this.instanceId = instanceId;
    this.number = number;
    this.config = config;
    this.listener = listener;
    this.outbox = new Outbox(vertx.eventBus());
  }

  public int number() {
    return number;
  }

  Outbox outbox() {
    return outbox;
  }

  /**
   * Creates the game on its own thread and calls {@code start}. Fails with a
   * {@link GameFailureException} when the game's constructor or {@code start} throws; never
   * completes while {@code start} hangs (the slot times that out).
   */
  public Future<Void> start(JsonObject restored) {
    DeploymentOptions options = new DeploymentOptions()
        .setThreadingModel(ThreadingModel.WORKER)
        .setWorkerPoolName("gamebus-" + instanceId + "-g" + number)
        .setWorkerPoolSize(1)
        // Stuck games are the supervisor's business; keep Vert.x's blocked-thread checker quiet.
        .setMaxWorkerExecuteTime(365).setMaxWorkerExecuteTimeUnit(TimeUnit.DAYS);
    return vertx.deployVerticle(new Host(restored), options).onSuccess(id -> deploymentId = id).mapEmpty();
  }

  /** Queues an item for the game; false once this generation is dead (keep it for the next one). */
  public boolean offer(Object item) {
    boolean schedule;
    synchronized (lock) {
      if (dead) {
        return false;
      }
      mailbox.add(item);
      schedule = !scheduled;
      scheduled = true;
    }
    if (schedule) {
      context.runOnContext(v -> drain());
    }
    return true;
  }

  /** Queues a snapshot after everything already queued; completes with null for a game without state. */
  public Future<JsonObject> snapshot() {
    Promise<JsonObject> promise = ContextHop.promiseHere();
    if (!offer(new SnapshotRequest(promise))) {
      promise.fail("generation " + number + " of " + instanceId + " is gone");
    }
    return promise.future();
  }

  /**
   * The failure if the game has been stuck for longer than {@code hangMs}, else null. Called
   * periodically by the slot; also keeps a heartbeat task in flight so loops inside the game's
   * own timers are caught too.
   */
  public GameFailure checkHang(long hangMs) {
    long now = System.nanoTime();
    long limit = TimeUnit.MILLISECONDS.toNanos(hangMs);
    long busy = busySince;
    if (busy != 0 && now - busy > limit) {
      return failureFor("hang", current, null);
    }
    long beat = beatPostedAt;
    if (beat != 0 && now - beat > limit) {
      return failureFor("hang", null, null);
    }
    if (beat == 0 && context != null) {
      beatPostedAt = now;
      context.runOnContext(v -> beatPostedAt = 0);
    }
    return null;
  }

  /** Gives up on a stuck game: takes its unprocessed items, interrupts its thread and leaves it. */
  public List<Object> abandon() {
    stopGame = false;
    List<Object> rest = kill();
    Thread stuck = thread;
    if (stuck != null) {
      stuck.interrupt();
    }
    return rest;
  }

  /** Whether this generation's thread is still running game code after being given up. */
  public boolean isStuck() {
    return busySince != 0 || beatPostedAt != 0;
  }

  /**
   * Ends this generation: undeploys it, which calls the game's {@code stop} (if asked; a
   * failure there is only logged) and cancels every timer and consumer the game left behind.
   * Returns the items it had not processed.
   */
  public List<Object> close(boolean callStop) {
    stopGame = callStop;
    List<Object> rest = kill();
    if (deploymentId != null) {
      vertx.undeploy(deploymentId);
    }
    return rest;
  }

  private List<Object> kill() {
    synchronized (lock) {
      dead = true;
      List<Object> rest = new ArrayList<>(mailbox);
      mailbox.clear();
      outbox.mute();
      return rest;
    }
  }

  private void drain() {
    for (int i = 0; i < BATCH; i++) {
      Object item;
      synchronized (lock) {
        item = dead ? null : mailbox.poll();
        if (item == null) {
          scheduled = false;
          return;
        }
      }
      if (!dispatch(item)) {
        return;
      }
    }
    // Let timers and the heartbeat in between batches.
    context.runOnContext(v -> drain());
  }

  private boolean dispatch(Object item) {
    if (item instanceof InstanceBound.Deliver deliver) {
      GamePlayer player = players.get(deliver.session());
      if (player == null) {
        if (deliver.requestId() > 0) {
          outbox.answer(gatewayOf(deliver), deliver.session(), deliver.requestId(), new ServerMessage.Failure(
              deliver.requestId(), ErrorCode.NO_SESSION, "session is not on instance " + instanceId).encode());
        }
        return true;
      }
      GameMessage message = new GameMessage(player, deliver.requestId(), deliver.route(), deliver.body(), outbox);
      return call(() -> game.message(player, message), "message", item, deliver.requestId(), true);
    }
    if (item instanceof InstanceBound.Join join) {
      GamePlayer known = players.get(join.session());
      if (known != null) {
        known.rebind(join.gateway());
        return true;
      }
      GamePlayer player = new GamePlayer(join.session(), join.gateway(), this);
      players.put(join.session(), player);
      return call(() -> game.join(player), "join", item, 0, true);
    }
    if (item instanceof InstanceBound.Leave leave) {
      GamePlayer player = players.remove(leave.session());
      return player == null || call(() -> game.leave(player), "leave", item, 0, true);
    }
    if (item instanceof InstanceBound.Rebind rebind) {
      GamePlayer player = players.get(rebind.session());
      if (player != null) {
        player.rebind(rebind.gateway());
      }
      return true;
    }
    if (item instanceof SnapshotRequest request) {
      JsonObject[] state = new JsonObject[1];
      boolean ok = call(() -> {
        JsonObject snapshot = game.snapshot();
        state[0] = snapshot == null ? null : snapshot.copy();
      }, "snapshot", item, 0, true);
      if (ok) {
        request.result().complete(state[0]);
      } else {
        request.result().tryFail("snapshot failed");
      }
      return ok;
    }
    throw new IllegalArgumentException("not a mailbox item: " + item);
  }

  private String gatewayOf(InstanceBound.Deliver deliver) {
    GamePlayer player = players.get(deliver.session());
    return player == null ? null : player.gateway();
  }

  /** Runs one game call; a throw is a crash (reported once) unless {@code fatal} is false. */
  private boolean call(Runnable body, String hook, Object item, long requestId, boolean fatal) {
    Thread me = Thread.currentThread();
    ClassLoader previous = me.getContextClassLoader();
    me.setContextClassLoader(definition.loader());
    current = item;
    busySince = System.nanoTime();
    try {
      body.run();
      return true;
    } catch (Throwable t) {
      GameFailure failure = failureFor(hook, item, t);
      if (fatal) {
        stopGame = false;
        List<Object> rest = kill();
        listener.failed(this, failure, rest);
      } else {
        org.slf4j.LoggerFactory.getLogger(Generation.class).warn(failure.describe(), t);
      }
      return false;
    } finally {
      busySince = 0;
      current = null;
      me.setContextClassLoader(previous);
    }
  }

  private GameFailure failureFor(String hook, Object item, Throwable cause) {
    String session = null;
    long requestId = 0;
    if (item instanceof InstanceBound.Deliver deliver) {
      session = deliver.session();
      requestId = deliver.requestId();
      if ("hang".equals(hook)) {
        hook = "hang in message";
      }
    } else if (item instanceof InstanceBound.Join join) {
      session = join.session();
    } else if (item instanceof InstanceBound.Leave leave) {
      session = leave.session();
    }
    return new GameFailure(hook, instanceId, session, requestId, cause);
  }

  /** The verticle that owns the generation's worker context. */
  private final class Host extends VerticleBase {
    private final JsonObject restored;

    Host(JsonObject restored) {
      this.restored = restored;
    }

    @Override
    public Future<?> start() {
      Generation.this.context = context;
      thread = Thread.currentThread();
      context.exceptionHandler(t -> {
        // An exception from a game's own timer or handler: the same crash as one from a hook.
        stopGame = false;
        List<Object> rest = kill();
        listener.failed(Generation.this, new GameFailure("timer", instanceId, null, 0, t), rest);
      });
      Thread me = Thread.currentThread();
      ClassLoader previous = me.getContextClassLoader();
      me.setContextClassLoader(definition.loader());
      try {
        game = definition.factory().get();
        game.start(new InstanceContext(vertx, definition, instanceId, config, players, outbox), restored);
        return Future.succeededFuture();
      } catch (Throwable t) {
        kill();
        return Future.failedFuture(new GameFailureException(new GameFailure("start", instanceId, null, 0, t)));
      } finally {
        me.setContextClassLoader(previous);
      }
    }

    /** Undeployed (closed, or its slot is going away): the game's last call, unless it failed. */
    @Override
    public Future<?> stop() {
      kill();
      if (stopGame && game != null) {
        call(() -> game.stop(), "stop", null, 0, false);
      }
      return Future.succeededFuture();
    }
  }
}
