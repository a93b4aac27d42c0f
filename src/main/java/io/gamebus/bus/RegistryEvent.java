package io.gamebus.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Published at {@link Addresses#REGISTRY}: what every node's placement view is built from. */
public sealed interface RegistryEvent extends BusMessage {

  /**
   * An instance's current state and load.
   *
   * @param replaces the ids of the lost instances whose players this one took over (empty for
   *                 most), so that a gateway holding their sessions, or a client resuming one,
   *                 finds them here
   */
  record InstanceReport(InstanceInfo instance, List<String> replaces) implements RegistryEvent {
    public JsonObject toJson() {
      return instance.toJson().put("replaces", new JsonArray(replaces));
    }

    @SuppressWarnings("unchecked")
    static InstanceReport fromJson(JsonObject j) {
      JsonArray replaces = j.getJsonArray("replaces");
      return new InstanceReport(InstanceInfo.fromJson(j), replaces == null ? List.of() : replaces.getList());
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

  /**
   * A node and its roles; sent at start, on request and periodically as a heartbeat.
   *
   * @param member the node's cluster member id (null when not clustered), to recognise it when
   *               the cluster reports the member gone
   */
  record NodeReport(String node, List<String> roles, List<String> gateways, boolean leaving, String member)
      implements RegistryEvent {
    public JsonObject toJson() {
      return new JsonObject().put("node", node).put("roles", new JsonArray(roles))
          .put("gateways", new JsonArray(gateways)).put("leaving", leaving).put("member", member);
    }

    @SuppressWarnings("unchecked")
    static NodeReport fromJson(JsonObject j) {
      return new NodeReport(j.getString("node"), j.getJsonArray("roles").getList(),
          j.getJsonArray("gateways").getList(), j.getBoolean("leaving", false), j.getString("member"));
    }
  }

  /**
   * A node left the cluster without saying goodbye (published locally on each survivor): the
   * instances and gateways it had, as last known.
   */
  record NodeLost(String node, List<InstanceInfo> instances) implements RegistryEvent {
    public JsonObject toJson() {
      JsonArray list = new JsonArray();
      instances.forEach(i -> list.add(i.toJson()));
      return new JsonObject().put("node", node).put("instances", list);
    }

    static NodeLost fromJson(JsonObject j) {
      List<InstanceInfo> instances = new java.util.ArrayList<>();
      j.getJsonArray("instances").forEach(o -> instances.add(InstanceInfo.fromJson((JsonObject) o)));
      return new NodeLost(j.getString("node"), instances);
    }
  }
}
