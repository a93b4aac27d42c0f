package io.gamebus.instance;

import io.gamebus.game.Generation;
import io.vertx.core.json.JsonObject;

/**
 * The last snapshot of an instance's game, which its next generation starts from after a crash,
 * a hang or a restart. Each one is also put in the {@link SnapshotStore}, so that it outlives
 * the node. Taken periodically, one at a time. Lives on its slot's event loop.
 */
final class LastSnapshot {
  private final String instanceId;
  private final SnapshotStore store;
  private JsonObject last;
  private boolean inFlight;

  LastSnapshot(String instanceId, JsonObject restored, SnapshotStore store) {
    this.instanceId = instanceId;
    this.store = store;
    this.last = restored;
    if (restored != null) {
      // An instance started from handed-over state (a swap, a takeover) that dies before its
      // first periodic snapshot must not leave its successor nothing to start from.
      store.put(instanceId, restored);
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
      store.put(instanceId, snapshot);
    }
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
