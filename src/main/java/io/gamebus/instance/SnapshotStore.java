package io.gamebus.instance;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.concurrent.TimeUnit;

/**
 * The last snapshot of every instance, where a replacement can read it: Vert.x shared data,
 * which is node-local on a single node and a Hazelcast map (with a backup) in a cluster, so a
 * node that dies leaves its instances' snapshots behind.
 */
public final class SnapshotStore {
  static final String MAP = "gamebus.snapshots";
  static final long ATTEMPT_MS = 1_000;
  static final int ATTEMPTS = 5;
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

  /**
   * The last snapshot of an instance lost with its node, read within a bound: right after a
   * loss, a read can wait while Hazelcast promotes the backups of the dead member's partitions.
   * Each attempt waits at most {@value #ATTEMPT_MS} ms and a fresh one follows; after
   * {@value #ATTEMPTS} attempts the read fails, and the caller starts without the state rather
   * than keep the players waiting (logged as an error: what that game did is lost).
   */
  public Future<JsonObject> getBounded(String instanceId) {
    return getBounded(instanceId, ATTEMPTS);
  }

  private Future<JsonObject> getBounded(String instanceId, int attempts) {
    Future<JsonObject> read = get(instanceId).timeout(ATTEMPT_MS, TimeUnit.MILLISECONDS);
    return attempts <= 1 ? read : read.recover(slow -> getBounded(instanceId, attempts - 1));
  }

  public Future<Void> remove(String instanceId) {
    return map.compose(m -> m.remove(instanceId)).mapEmpty();
  }
}
