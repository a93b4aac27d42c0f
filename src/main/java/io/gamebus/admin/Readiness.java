package io.gamebus.admin;

import io.gamebus.metrics.GamebusMetrics;

/** Whether the node takes traffic: {@code /ready} answers from here. */
public final class Readiness {
  private final GamebusMetrics metrics;
  private final int maxAbandonedThreads;
  private volatile boolean started;
  private volatile boolean draining;

  public Readiness(GamebusMetrics metrics, int maxAbandonedThreads) {
    this.metrics = metrics;
    this.maxAbandonedThreads = maxAbandonedThreads;
  }

  public void ready() {
    started = true;
  }

  public void draining() {
    draining = true;
  }

  /** Null when ready, else why not. */
  public String notReadyBecause() {
    if (draining) {
      return "draining";
    }
    if (!started) {
      return "starting";
    }
    int stuck = metrics.abandonedThreads();
    if (stuck > maxAbandonedThreads) {
      return stuck + " game threads are stuck (limit supervisor.maxAbandonedThreads = " + maxAbandonedThreads + ")";
    }
    return null;
  }

  public boolean isDraining() {
    return draining;
  }
}
