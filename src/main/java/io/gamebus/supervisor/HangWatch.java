package io.gamebus.supervisor;

import io.gamebus.game.GameFailure;
import io.gamebus.game.Generation;
import io.gamebus.metrics.GamebusMetrics;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spots a game that stopped answering: a generation busy in one hook for longer than
 * {@code hangMs} is abandoned, its thread left to finish (or not) on its own, so that the
 * instance can be replaced. A generation asked to stop is watched the same way. Lives on its
 * slot's event loop.
 */
final class HangWatch {
  // Logged as the slot: an instance's failures, hangs and restarts are followed under one logger.
  private static final Logger LOG = LoggerFactory.getLogger(InstanceSlot.class);

  /** A generation found hung, and what it left. */
  record Hang(GameFailure failure, Generation.Remains remains) {}

  private final Vertx vertx;
  private final String instanceId;
  private final long hangMs;
  private final GamebusMetrics metrics;

  HangWatch(Vertx vertx, String instanceId, long hangMs, GamebusMetrics metrics) {
    this.vertx = vertx;
    this.instanceId = instanceId;
    this.hangMs = hangMs;
    this.metrics = metrics;
  }

  /** How often to {@link #check} the generations: every twentieth of {@code hangMs}. */
  long interval() {
    return Math.max(10, hangMs / 20);
  }

  /**
   * If {@code watched} hangs, abandons it and returns the hang; null while it answers, or if it
   * threw meanwhile (its listener handles that).
   */
  Hang check(Generation watched) {
    GameFailure hang = watched.checkHang(hangMs);
    if (hang == null) {
      return null;
    }
    Generation.Remains remains = watched.abandon();
    if (remains == null) {
      return null;
    }
    metrics.abandoned(watched::isRunning);
    return new Hang(hang, remains);
  }

  /** A generation asked to stop whose thread is still busy after hangMs is an abandoned thread. */
  void watchStop(Generation old) {
    vertx.setTimer(hangMs, t -> {
      if (old.isRunning()) {
        LOG.warn("generation {} of instance {} did not return from stop within {} ms; abandoning its thread",
            old.number(), instanceId, hangMs);
        metrics.abandoned(old::isRunning);
      }
    });
  }
}
