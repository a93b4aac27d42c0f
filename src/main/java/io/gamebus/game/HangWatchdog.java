package io.gamebus.game;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a game stuck in one task for longer than {@code hangMs}: checks every {@link GameThread}
 * of the pool a few times per {@code hangMs}; a stuck one is given up and replaced
 * ({@link GamePool#replace}), interrupted, and its lane told it hung, which reports the game call
 * it is stuck in ({@link GameCalls#hung()}).
 *
 * <p>Stuck time is counted as the watchdog sees it, each round adding at most a quarter of
 * {@code hangMs}: a pause of the whole process (a long GC, a starved CPU) stops the games and
 * the watchdog alike and must not pass for a hang.
 */
final class HangWatchdog {
  private static final Logger LOG = LoggerFactory.getLogger(HangWatchdog.class);

  private final GamePool pool;
  private final long hangNanos;
  private final ScheduledExecutorService timer;
  /** What the watchdog saw of each thread; touched on its own thread only. */
  private final Map<GameThread, Watch> watches = new HashMap<>();

  /** With {@code scheduled} false, nothing runs {@link #check()} but the caller (tests). */
  HangWatchdog(GamePool pool, long hangMs, boolean scheduled) {
    this.pool = pool;
    this.hangNanos = TimeUnit.MILLISECONDS.toNanos(hangMs);
    this.timer = Executors.newSingleThreadScheduledExecutor(task -> GameThread.daemon(task, "gamebus-game-watchdog"));
    if (scheduled) {
      long every = Math.max(10, hangMs / 20);
      timer.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
    }
  }

  void close() {
    timer.shutdownNow();
  }

  /** One round: gives up every thread stuck in one task for longer than {@code hangMs}. */
  void check() {
    long now = System.nanoTime();
    for (GameThread thread : pool.threads()) {
      if (watches.computeIfAbsent(thread, t -> new Watch()).stuckFor(thread, now, hangNanos) > hangNanos) {
        giveUp(thread);
      }
    }
  }

  private void giveUp(GameThread stuck) {
    GamePool.Task task = stuck.current();
    if (task == null || !pool.replace(stuck)) {
      return;
    }
    watches.remove(stuck);
    LOG.warn("game thread {} stuck for over {} ms; replaced by a fresh one", stuck.thread().getName(),
        TimeUnit.NANOSECONDS.toMillis(hangNanos));
    task.lane().hung();
    stuck.thread().interrupt();
  }

  /** The watchdog's view of one thread across rounds. */
  private static final class Watch {
    private long lastCheck;
    private long watchedTask = -1;
    private long stuckFor;

    long stuckFor(GameThread thread, long now, long limit) {
      long step = lastCheck == 0 ? 0 : Math.min(now - lastCheck, limit / 4);
      lastCheck = now;
      long seen = thread.tasks();
      if (thread.current() == null) {
        watchedTask = -1;
        return 0;
      }
      if (seen != watchedTask) {
        watchedTask = seen;
        stuckFor = Math.min(now - thread.since(), limit / 4);
      } else {
        stuckFor += step;
      }
      return stuckFor;
    }
  }
}
