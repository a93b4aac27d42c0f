package io.gamebus.game;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of the {@link GamePool}'s threads: runs the next task of any lane, one after another, until
 * the pool closes or the {@link HangWatchdog} gives it up while stuck in a game.
 */
final class GameThread {
  private static final Logger LOG = LoggerFactory.getLogger(GameThread.class);

  private final GamePool pool;
  private final Thread thread;
  private volatile GamePool.Task current;
  private volatile long since;
  private volatile long tasks;
  private volatile boolean abandoned;

  GameThread(GamePool pool, String name) {
    this.pool = pool;
    this.thread = daemon(this::loop, name);
    thread.start();
  }

  /** A daemon thread, so a thread stuck in a game can never hold the JVM. */
  static Thread daemon(Runnable body, String name) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    // Vert.x sets a game's loader around each of its tasks; between tasks no thread pins one.
    thread.setContextClassLoader(GamePool.class.getClassLoader());
    return thread;
  }

  Thread thread() {
    return thread;
  }

  /** The task under way, or null when idle. */
  GamePool.Task current() {
    return current;
  }

  /** When the task under way began (nanos). */
  long since() {
    return since;
  }

  /** Tasks begun so far: tells one long task from several short ones. */
  long tasks() {
    return tasks;
  }

  /** Given up while stuck: the thread takes no task after the one it is stuck in. */
  void abandon() {
    abandoned = true;
  }

  private void loop() {
    while (!pool.closed() && !abandoned) {
      GamePool.Task task;
      try {
        task = pool.next();
      } catch (InterruptedException e) {
        continue;
      }
      since = System.nanoTime();
      tasks++;
      current = task;
      try {
        task.body().run();
      } catch (Throwable t) {
        LOG.error("unexpected failure on game thread {}", thread.getName(), t);
      } finally {
        current = null;
        Thread.interrupted();
        thread.setContextClassLoader(GamePool.class.getClassLoader());
      }
    }
  }
}
