package io.gamebus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The per-connection rate limiter")
class RateLimiterTest {
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  private static final long T0 = 123_456_789L;

  private static int acquired(RateLimiter limiter, int attempts, long now) {
    int granted = 0;
    for (int i = 0; i < attempts; i++) {
      if (limiter.tryAcquire(now)) {
        granted++;
      }
    }
    return granted;
  }

  @Test
  @DisplayName("lets a burst of up to its rate through at once, then refuses")
  void burst() {
    RateLimiter limiter = new RateLimiter(20, T0);
    assertThat(acquired(limiter, 20, T0)).isEqualTo(20);
    assertThat(limiter.tryAcquire(T0)).isFalse();
  }

  @Test
  @DisplayName("refills at its rate: one token per 1/rate seconds")
  void refill() {
    RateLimiter limiter = new RateLimiter(20, T0);
    acquired(limiter, 20, T0);
    assertThat(limiter.tryAcquire(T0 + SECOND / 20 - 1_000)).isFalse();
    assertThat(limiter.tryAcquire(T0 + SECOND / 20 + 1_000)).isTrue();
    assertThat(limiter.tryAcquire(T0 + SECOND / 20 + 2_000)).isFalse();
  }

  @Test
  @DisplayName("allows its rate per second in the long run, however the messages are spread")
  void sustainedRate() {
    RateLimiter limiter = new RateLimiter(20, T0);
    acquired(limiter, 20, T0);
    int granted = 0;
    for (int ms = 1; ms <= 10_000; ms++) {
      granted += acquired(limiter, 3, T0 + TimeUnit.MILLISECONDS.toNanos(ms));
    }
    assertThat(granted).isBetween(199, 201);
  }

  @Test
  @DisplayName("does not save up more than one second's worth after a quiet spell")
  void capacityIsCapped() {
    RateLimiter limiter = new RateLimiter(20, T0);
    assertThat(acquired(limiter, 100, T0 + 60 * SECOND)).isEqualTo(20);
  }

  @Test
  @DisplayName("does not count refused attempts against the client")
  void refusalsAreFree() {
    RateLimiter limiter = new RateLimiter(2, T0);
    acquired(limiter, 2, T0);
    acquired(limiter, 1_000, T0 + SECOND / 4);
    assertThat(limiter.tryAcquire(T0 + SECOND / 2 + 1_000)).isTrue();
  }

  @Test
  @DisplayName("works across the wrap-around of System.nanoTime")
  void nanoTimeWrap() {
    long start = Long.MAX_VALUE - SECOND / 10;
    RateLimiter limiter = new RateLimiter(10, start);
    acquired(limiter, 10, start);
    assertThat(limiter.tryAcquire(start + SECOND / 5)).isTrue();
  }
}
