package io.gamebus.game;

import io.gamebus.metrics.GamebusMetrics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's game threads: a fixed number of daemon threads that run the tasks of every game
 * instance, each instance on its own {@link GameLane} (one task at a time, in order), so
 * thousands of instances need only a handful of threads.
 *
 * <p>Hang isolation: the {@link HangWatchdog} gives up a thread busy in the same task for longer
 * than {@code hangMs}; the thread is left to finish (or not) on its own (counted by
 * {@link GamebusMetrics#abandoned} while it still runs), and a fresh thread takes its place at
 * once. The tasks of other instances never wait on a stuck thread: the threads share one queue,
 * so those still live take them.
 */
public final class GamePool {
  /** A task of one lane. */
  record Task(GameLane lane, Runnable body) {}

  private final LinkedBlockingQueue<Task> queue = new LinkedBlockingQueue<>();
  private final List<GameThread> threads = new CopyOnWriteArrayList<>();
  private final AtomicInteger names = new AtomicInteger();
  private final GamebusMetrics metrics;
  private final HangWatchdog watchdog;
  private volatile boolean closed;

  /**
   * Starts {@code threads} game threads and their watchdog.
   *
   * @param hangMs a thread busy in one task for this long is given up and replaced
   */
  public GamePool(int threads, long hangMs, GamebusMetrics metrics) {
    this(threads, hangMs, metrics, true);
  }

  /** With {@code watched} false, nothing calls {@link #check()} but the caller (tests). */
  GamePool(int threads, long hangMs, GamebusMetrics metrics, boolean watched) {
    if (threads < 1) {
      throw new IllegalArgumentException("a game pool needs at least one thread, got " + threads);
    }
    this.metrics = metrics;
    for (int i = 0; i < threads; i++) {
      this.threads.add(newThread());
    }
    watchdog = new HangWatchdog(this, hangMs, watched);
  }

  /** Game threads in service (not counting the ones given up while stuck). */
  public int liveThreads() {
    return threads.size();
  }

  /** Stops the threads once they are idle; stuck ones are daemons and cannot hold the JVM. */
  public void close() {
    closed = true;
    watchdog.close();
    threads.forEach(thread -> thread.thread().interrupt());
  }

  void submit(Task task) {
    queue.add(task);
  }

  /** One round of the watchdog, for tests that drive it themselves. */
  void check() {
    watchdog.check();
  }

  List<GameThread> threads() {
    return threads;
  }

  boolean closed() {
    return closed;
  }

  /** The next task of any lane, for a game thread; waits for one. */
  Task next() throws InterruptedException {
    return queue.take();
  }

  /** Gives up a stuck thread and starts a fresh one in its place; false if it was given up already. */
  boolean replace(GameThread stuck) {
    if (!threads.remove(stuck)) {
      return false;
    }
    stuck.abandon();
    threads.add(newThread());
    metrics.abandoned(stuck.thread()::isAlive);
    return true;
  }

  private GameThread newThread() {
    return new GameThread(this, "gamebus-game-" + names.incrementAndGet());
  }
}
