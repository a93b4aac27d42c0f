package io.gamebus.instance;

import java.util.ArrayDeque;

/**
 * Restart intensity like an OTP supervisor: at most {@code maxRestarts} restarts within the
 * window, with a doubling delay between consecutive ones so a crash loop cannot burn the CPU.
 * The first restart in a quiet window is immediate.
 */
final class RestartPolicy {
  static final long BASE_DELAY_MS = 100;
  static final long MAX_DELAY_MS = 5_000;

  private final int maxRestarts;
  private final long windowMs;
  private final ArrayDeque<Long> recent = new ArrayDeque<>();

  RestartPolicy(int maxRestarts, long windowMs) {
    this.maxRestarts = maxRestarts;
    this.windowMs = windowMs;
  }

  /** Records a failure at {@code nowMs}: the delay before restarting, or -1 when the limit is hit. */
  long onFailure(long nowMs) {
    while (!recent.isEmpty() && nowMs - recent.peekFirst() > windowMs) {
      recent.pollFirst();
    }
    if (recent.size() >= maxRestarts) {
      return -1;
    }
    long delay = recent.isEmpty() ? 0 : Math.min(BASE_DELAY_MS << Math.min(recent.size() - 1, 20), MAX_DELAY_MS);
    recent.addLast(nowMs);
    return delay;
  }

  void reset() {
    recent.clear();
  }
}
