package io.gamebus.bus;

import io.vertx.core.json.JsonObject;

/**
 * One game instance as operators and placement see it: the contract's INSTANCE object plus
 * what placement needs ({@code deployOrder} of its version, {@code seq} to drop stale reports).
 *
 * @param state       {@code active}, {@code draining} or {@code failed}
 * @param deployOrder when its version was deployed (deploy order decides "current", never the
 *                    version number)
 * @param seq         increases with every change of this instance, so older reports lose
 */
public record InstanceInfo(String id, String game, String version, String node, String state,
                           int sessions, int capacity, int restarts, long deployOrder, long seq) {
  public static final String ACTIVE = "active";
  public static final String DRAINING = "draining";
  public static final String FAILED = "failed";

  public boolean isActive() {
    return ACTIVE.equals(state);
  }

  /** The contract's INSTANCE object. */
  public JsonObject toAdminJson() {
    return new JsonObject().put("id", id).put("game", game).put("version", version).put("node", node)
        .put("state", state).put("sessions", sessions).put("capacity", capacity).put("restarts", restarts);
  }

  public JsonObject toJson() {
    return toAdminJson().put("deployOrder", deployOrder).put("seq", seq);
  }

  public static InstanceInfo fromJson(JsonObject j) {
    return new InstanceInfo(j.getString("id"), j.getString("game"), j.getString("version"),
        j.getString("node"), j.getString("state"), j.getInteger("sessions"), j.getInteger("capacity"),
        j.getInteger("restarts"), j.getLong("deployOrder"), j.getLong("seq"));
  }
}
