package io.gamebus.supervisor;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;

/**
 * The last snapshot of every instance, where a replacement can read it: Vert.x shared data,
 * which is node-local on a single node and a Hazelcast map (with a backup) in a cluster, so a
 * node that dies leaves its instances' snapshots behind.
 */
public final class SnapshotStore {
  static final String MAP = "gamebus.snapshots";
  private final Future<AsyncMap<String, JsonObject>> map;

  public SnapshotStore(Vertx vertx) {
    this.map = vertx.sharedData().<String, JsonObject>getAsyncMap(MAP);
  }

  public Future<Void> put(String instanceId, JsonObject snapshot) {
    return map.compose(m -> m.put(instanceId, snapshot));
  }

  /** The last snapshot, or null. */
  public Future<JsonObject> get(String instanceId) {
    return map.compose(m -> m.get(instanceId));
  }

  public Future<Void> remove(String instanceId) {
    return map.compose(m -> m.remove(instanceId)).mapEmpty();
  }
}
