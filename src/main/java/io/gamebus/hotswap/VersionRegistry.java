package io.gamebus.hotswap;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.Map;

/**
 * The current uploaded version of each game and its jar, in Vert.x shared data (a Hazelcast map
 * in a cluster): a node that joins later, or one that takes over a lost node's instances, loads
 * the jar from here.
 */
public final class VersionRegistry {
  static final String MAP = "gamebus.versions";
  private final Future<AsyncMap<String, JsonObject>> map;

  public VersionRegistry(Vertx vertx) {
    this.map = vertx.sharedData().<String, JsonObject>getAsyncMap(MAP);
  }

  /** Records a deployed version: the current one of its game if it is the newest deployed. */
  public Future<Void> record(String game, String version, long deployOrder, byte[] jar) {
    JsonObject entry = new JsonObject().put("game", game).put("version", version)
        .put("deployOrder", deployOrder).put("jar", jar);
    return map.compose(m -> m.get(game).compose(previous -> previous != null
        && previous.getLong("deployOrder") > deployOrder ? Future.succeededFuture() : m.put(game, entry)));
  }

  /** Game name to its current uploaded version ({@code version}, {@code deployOrder}, {@code jar}). */
  public Future<Map<String, JsonObject>> all() {
    return map.compose(AsyncMap::entries);
  }

  /** The jar of a game version, if it is the one recorded; else null. */
  public Future<byte[]> jar(String game, String version) {
    return map.compose(m -> m.get(game)).map(entry ->
        entry != null && version.equals(entry.getString("version")) ? entry.getBinary("jar") : null);
  }
}
