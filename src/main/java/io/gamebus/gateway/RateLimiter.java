package io.gamebus.gateway;

/**
 * A token bucket per connection: {@code perSecond} tokens a second, bursts up to
 * {@code perSecond}. Not thread-safe: used on the connection's event loop.
 */
final class RateLimiter {
  private final double perNano;
  private final double capacity;
  private double tokens;
  private long last;

  RateLimiter(int perSecond, long nowNanos) {
    this.perNano = perSecond / 1e9;
    this.capacity = perSecond;
    this.tokens = perSecond;
    this.last = nowNanos;
  }

  /** Takes a token if there is one. */
  boolean tryAcquire(long nowNanos) {
    tokens = Math.min(capacity, tokens + (nowNanos - last) * perNano);
    last = nowNanos;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
