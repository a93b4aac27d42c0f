package io.gamebus.game;

import io.gamebus.vertx.VertxInternals;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one thread a generation's game runs on, as a Vert.x worker context: every call into the
 * game, and every timer and consumer the game registers, runs there.
 *
 * <p>Why not a deployed worker verticle: Vert.x undeploys a verticle, and closes itself, by
 * running the verticle's stop on its context, which never happens while a game is stuck in a
 * loop; one stuck game would hang its instance's undeploy and the node's shutdown. This context
 * belongs to no deployment: {@link #close()} cancels the game's timers and consumers from the
 * caller's thread and lets the thread end whenever the game returns, waiting for nothing. The
 * thread is a daemon, so a game that never returns cannot keep the JVM alive either.
 *
 * <p>The context does carry the deployment id of the game's instance (its slot): Vert.x ties a
 * timer or consumer to its context's close hooks only on a deployment's context, and those hooks
 * are what cancel the timers and consumers a careless game leaves behind. They are this
 * context's own, run by {@link #close()}; the instance's undeploy never waits on this thread.
 */
final class GameThread {
  private final ThreadPoolExecutor executor;
  private final VertxInternals.DetachedContext context;

  /**
   * @param deploymentId the deployment the game's instance belongs to, or null (then the game's
   *                     timers and consumers outlive it)
   */
  GameThread(Vertx vertx, String name, ClassLoader gameLoader, String deploymentId) {
    executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), task -> {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      // Vert.x sets the game's loader around each task; between tasks the thread must not pin it.
      thread.setContextClassLoader(GameThread.class.getClassLoader());
      return thread;
    });
    context = VertxInternals.workerContext(vertx, deploymentId, executor, gameLoader);
  }

  Context context() {
    return context.context();
  }

  /**
   * Cancels the timers and consumers the game registered, lets the tasks already queued run, then
   * lets the thread end. Returns at once, even while the game is stuck.
   */
  void close() {
    context.close();
    executor.shutdown();
  }

  /** Whether the thread still runs (or has queued) code, after {@link #close()}. */
  boolean isRunning() {
    return !executor.isTerminated();
  }
}
