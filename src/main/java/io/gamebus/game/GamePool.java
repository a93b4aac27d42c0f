package io.gamebus.game;

import io.gamebus.metrics.GamebusMetrics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's game threads: a fixed number of daemon threads that run the tasks of every game
 * instance, each instance on its own {@link GameLane} (one task at a time, in order), so
 * thousands of instances need only a handful of threads.
 *
 * <p>Hang isolation: a watchdog checks every thread; one busy in the same task for longer than
 * {@code hangMs} is given up: the lane's owner is told it hung, the thread is interrupted and
 * left to finish (or not) on its own (counted by {@link GamebusMetrics#abandoned} while it
 * still runs), and a fresh thread takes its place at once. The tasks of other instances never
 * wait on a stuck thread: the threads share one queue, so those still live take them.
 */
public final class GamePool {
  private static final Logger LOG = LoggerFactory.getLogger(GamePool.class);

  /** A task of one lane. */
  record Task(GameLane lane, Runnable body) {}

  private final LinkedBlockingQueue<Task> queue = new LinkedBlockingQueue<>();
  private final List<Worker> workers = new CopyOnWriteArrayList<>();
  private final AtomicInteger names = new AtomicInteger();
  private final long hangNanos;
  private final GamebusMetrics metrics;
  private final ScheduledExecutorService watchdog;
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
    this.hangNanos = TimeUnit.MILLISECONDS.toNanos(hangMs);
    this.metrics = metrics;
    for (int i = 0; i < threads; i++) {
      workers.add(new Worker());
    }
    watchdog = Executors.newSingleThreadScheduledExecutor(task -> daemon(task, "gamebus-game-watchdog"));
    if (watched) {
      long every = Math.max(10, hangMs / 20);
      watchdog.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
    }
  }

  /** Game threads in service (not counting the ones given up while stuck). */
  public int liveThreads() {
    return workers.size();
  }

  /** Stops the threads once they are idle; stuck ones are daemons and cannot hold the JVM. */
  public void close() {
    closed = true;
    watchdog.shutdownNow();
    workers.forEach(worker -> worker.thread.interrupt());
  }

  void submit(Task task) {
    queue.add(task);
  }

  /**
   * One round of the watchdog. Stuck time is counted as the watchdog sees it, each round adding
   * at most a quarter of {@code hangMs}: a pause of the whole process (a long GC, a starved CPU)
   * stops the games and the watchdog alike and must not pass for a hang.
   */
  void check() {
    long now = System.nanoTime();
    for (Worker worker : workers) {
      if (worker.stuckFor(now, hangNanos) > hangNanos) {
        giveUp(worker);
      }
    }
  }

  private void giveUp(Worker stuck) {
    Task task = stuck.current;
    if (task == null || !workers.remove(stuck)) {
      return;
    }
    stuck.abandoned = true;
    workers.add(new Worker());
    metrics.abandoned(stuck.thread::isAlive);
    LOG.warn("game thread {} stuck for over {} ms; replaced by a fresh one", stuck.thread.getName(),
        TimeUnit.NANOSECONDS.toMillis(hangNanos));
    task.lane().hung();
    stuck.thread.interrupt();
  }

  private static Thread daemon(Runnable body, String name) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    // Vert.x sets a game's loader around each of its tasks; between tasks no thread pins one.
    thread.setContextClassLoader(GamePool.class.getClassLoader());
    return thread;
  }

  /** One game thread. */
  private final class Worker {
    private final Thread thread;
    private volatile Task current;
    private volatile long since;
    private volatile long tasks;
    private volatile boolean abandoned;
    // Watchdog's view, on its thread only.
    private long lastCheck;
    private long watchedTask = -1;
    private long stuckFor;

    Worker() {
      thread = daemon(this::loop, "gamebus-game-" + names.incrementAndGet());
      thread.start();
    }

    private void loop() {
      while (!closed && !abandoned) {
        Task task;
        try {
          task = queue.take();
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

    long stuckFor(long now, long limit) {
      long step = lastCheck == 0 ? 0 : Math.min(now - lastCheck, limit / 4);
      lastCheck = now;
      long seen = tasks;
      if (current == null) {
        watchedTask = -1;
        return 0;
      }
      if (seen != watchedTask) {
        watchedTask = seen;
        stuckFor = Math.min(now - since, limit / 4);
      } else {
        stuckFor += step;
      }
      return stuckFor;
    }
  }
}
