package io.gamebus.game;

import io.gamebus.vertx.VertxInternals;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One generation's place on the {@link GamePool}: a Vert.x worker context of its own whose tasks
 * run on the pool's threads. Every call into the game, and every timer and consumer the game
 * registers, runs there, one at a time and in order (Vert.x runs a worker context's tasks in
 * order, one at a time, whatever threads its executor has).
 *
 * <p>The context is built with Vert.x internals ({@link VertxInternals#workerContext}): the
 * public API has no way to create a context on executors of one's own, and a deployed worker
 * verticle would not do. Vert.x undeploys a verticle by running its stop on its context, which
 * never happens while a game is stuck in a loop; one stuck game would hang its instance's
 * undeploy and the node's shutdown. This context belongs to no deployment: {@link #close()}
 * cancels the game's timers and consumers from the caller's thread and waits for nothing.
 *
 * <p>The context does carry the deployment id of the game's instance (its slot): Vert.x ties a
 * timer or consumer to its context's close hooks only on a deployment's context, and those hooks
 * are what cancel the timers and consumers a careless game leaves behind. They are this
 * context's own, run by {@link #close()}; the instance's undeploy never waits on a game thread.
 */
final class GameLane {
  private final GamePool pool;
  private final Runnable onHang;
  private final Feed feed = new Feed();
  private final VertxInternals.DetachedContext context;
  /** Tasks the context ran (game calls, timers, handlers), counted as each begins. */
  private volatile long tasks;

  /**
   * @param deploymentId the deployment the game's instance belongs to, or null (then the game's
   *                     timers and consumers outlive it)
   * @param onHang       told, on the pool's watchdog thread, that one of this lane's tasks hung
   */
  GameLane(Vertx vertx, GamePool pool, ClassLoader gameLoader, String deploymentId, Runnable onHang) {
    this.pool = pool;
    this.onHang = onHang;
    // One writer of tasks: the context runs one task at a time.
    context = VertxInternals.workerContext(vertx, deploymentId, feed, () -> tasks++, gameLoader);
  }

  Context context() {
    return context.context();
  }

  /** How many tasks the context has run so far; any game code runs in one of them. */
  long tasks() {
    return tasks;
  }

  void hung() {
    onHang.run();
  }

  /**
   * Cancels the timers and consumers the game registered and takes no more tasks; the ones
   * already queued still run. Returns at once, even while the game is stuck.
   */
  void close() {
    context.close();
    feed.shutdown();
  }

  /** What Vert.x sees as the context's worker pool: hands its tasks to the game pool. */
  private final class Feed extends AbstractExecutorService {
    private volatile boolean shutdown;

    @Override
    public void execute(Runnable command) {
      if (shutdown) {
        throw new RejectedExecutionException("the game's lane is closed");
      }
      pool.submit(new GamePool.Task(GameLane.this, command));
    }

    @Override
    public void shutdown() {
      shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
      shutdown = true;
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return shutdown;
    }

    @Override
    public boolean isTerminated() {
      return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return shutdown;
    }
  }
}
