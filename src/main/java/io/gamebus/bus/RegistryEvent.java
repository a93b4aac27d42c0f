package io.gamebus.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Published at {@link Addresses#REGISTRY}: what every node's placement view is built from. */
public sealed interface RegistryEvent extends BusMessage {

  /** An instance's current state and load. */
  record InstanceReport(InstanceInfo instance) implements RegistryEvent {
    public JsonObject toJson() {
      return instance.toJson();
    }

    static InstanceReport fromJson(JsonObject j) {
      return new InstanceReport(InstanceInfo.fromJson(j));
    }
  }

  /** An instance is gone (undeployed after a swap, or its node stopped). */
  record InstanceGone(String id, String node) implements RegistryEvent {
    public JsonObject toJson() {
      return new JsonObject().put("id", id).put("node", node);
    }

    static InstanceGone fromJson(JsonObject j) {
      return new InstanceGone(j.getString("id"), j.getString("node"));
    }
  }

  /** A node and its roles; sent at start, on request and periodically as a heartbeat. */
  record NodeReport(String node, List<String> roles, List<String> gateways, boolean leaving) implements RegistryEvent {
    public JsonObject toJson() {
      return new JsonObject().put("node", node).put("roles", new JsonArray(roles))
          .put("gateways", new JsonArray(gateways)).put("leaving", leaving);
    }

    @SuppressWarnings("unchecked")
    static NodeReport fromJson(JsonObject j) {
      return new NodeReport(j.getString("node"), j.getJsonArray("roles").getList(),
          j.getJsonArray("gateways").getList(), j.getBoolean("leaving", false));
    }
  }
}
