package io.gamebus.instance;

import io.gamebus.game.Generation;
import io.gamebus.metrics.GamebusMetrics;
import io.vertx.core.json.JsonObject;

/**
 * The last snapshot of an instance's game, which its next generation starts from after a crash,
 * a hang or a restart. Each one is also put in the {@link SnapshotStore}, so that it outlives
 * the node. Taken periodically, one at a time. Lives on its slot's event loop.
 */
final class LastSnapshot {
  private final String instanceId;
  private final String game;
  private final SnapshotStore store;
  private final GamebusMetrics metrics;
  private JsonObject last;
  private boolean inFlight;

  LastSnapshot(String instanceId, String game, JsonObject restored, SnapshotStore store, GamebusMetrics metrics) {
    this.instanceId = instanceId;
    this.game = game;
    this.store = store;
    this.metrics = metrics;
    this.last = restored;
    if (restored != null) {
      // An instance started from handed-over state (a swap, a takeover) that dies before its
      // first periodic snapshot must not leave its successor nothing to start from.
      stored(restored);
    }
  }

  /** The last snapshot, or null if the game keeps none. */
  JsonObject get() {
    return last;
  }

  /** What the next generation starts from. */
  JsonObject forNextGeneration() {
    // A copy: a game that edits what it is handed must not change what the next one gets.
    return last == null ? null : last.copy();
  }

  /** Keeps {@code snapshot} as the last one, unless null (a game without state). */
  void keep(JsonObject snapshot) {
    if (snapshot != null) {
      last = snapshot;
      stored(snapshot);
    }
  }

  private void stored(JsonObject snapshot) {
    store.put(instanceId, snapshot).onSuccess(v -> metrics.snapshotStored(game));
  }

  /**
   * Takes a snapshot of the serving generation (if any), unless one is still being taken or the
   * game has not run since its last one (an idle instance costs no snapshot).
   */
  void take(Generation serving) {
    if (serving == null || inFlight || serving.unchangedSinceSnapshot()) {
      return;
    }
    inFlight = true;
    serving.snapshot().onComplete(ar -> {
      inFlight = false;
      if (ar.succeeded()) {
        keep(ar.result());
      }
    });
  }
}
