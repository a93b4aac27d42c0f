package io.gamebus.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Requests to a node's supervisor, at {@link Addresses#supervisor(String)}. */
public sealed interface SupervisorBound extends BusMessage {

  /** What does this node run? Answered with {@link NodeState}. */
  record Describe() implements SupervisorBound {
    public JsonObject toJson() {
      return new JsonObject();
    }

    static Describe fromJson(JsonObject j) {
      return new Describe();
    }
  }

  /** A node's roles and every instance it runs, exactly as of now. */
  record NodeState(String node, List<String> roles, List<InstanceInfo> instances) implements SupervisorBound {
    public JsonObject toJson() {
      JsonArray list = new JsonArray();
      instances.forEach(i -> list.add(i.toJson()));
      return new JsonObject().put("node", node).put("roles", new JsonArray(roles)).put("instances", list);
    }

    @SuppressWarnings("unchecked")
    static NodeState fromJson(JsonObject j) {
      List<InstanceInfo> instances = new ArrayList<>();
      j.getJsonArray("instances").forEach(o -> instances.add(InstanceInfo.fromJson((JsonObject) o)));
      return new NodeState(j.getString("node"), j.getJsonArray("roles").getList(), instances);
    }
  }

  /** Replace this instance now, moving its players (reason {@code crash}). Answered with {@link InstanceBound.Joined}. */
  record Restart(String instance) implements SupervisorBound {
    public JsonObject toJson() {
      return new JsonObject().put("instance", instance);
    }

    static Restart fromJson(JsonObject j) {
      return new Restart(j.getString("instance"));
    }
  }
}
