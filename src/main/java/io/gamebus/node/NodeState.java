package io.gamebus.node;

import io.gamebus.metrics.GamebusMetrics;

/** Whether the node takes traffic: {@code /ready} answers from here. */
public final class NodeState {
  private final GamebusMetrics metrics;
  private final int maxAbandonedThreads;
  private volatile boolean started;
  private volatile boolean draining;

  NodeState(GamebusMetrics metrics, int maxAbandonedThreads) {
    this.metrics = metrics;
    this.maxAbandonedThreads = maxAbandonedThreads;
  }

  void ready() {
    started = true;
  }

  void draining() {
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

  public boolean isReady() {
    return notReadyBecause() == null;
  }
}
