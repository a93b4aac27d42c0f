package io.gamebus.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Requests to a node's supervisor, at {@link Addresses#supervisor(String)}. */
public sealed interface SupervisorBound extends BusMessage {

  /** What does this node run? Answered with {@link NodeInstances}. */
  record Describe() implements SupervisorBound {
    public JsonObject toJson() {
      return new JsonObject();
    }

    static Describe fromJson(JsonObject j) {
      return new Describe();
    }
  }

  /** A node's roles and every instance it runs, exactly as of now. */
  record NodeInstances(String node, List<String> roles, List<InstanceInfo> instances) implements SupervisorBound {
    public JsonObject toJson() {
      JsonArray list = new JsonArray();
      instances.forEach(i -> list.add(i.toJson()));
      return new JsonObject().put("node", node).put("roles", new JsonArray(roles)).put("instances", list);
    }

    @SuppressWarnings("unchecked")
    static NodeInstances fromJson(JsonObject j) {
      List<InstanceInfo> instances = new ArrayList<>();
      j.getJsonArray("instances").forEach(o -> instances.add(InstanceInfo.fromJson((JsonObject) o)));
      return new NodeInstances(j.getString("node"), j.getJsonArray("roles").getList(), instances);
    }
  }

  /** Replace this instance now, moving its players (reason {@code crash}). Answered with {@link Restarted}. */
  record Restart(String instance) implements SupervisorBound {
    public JsonObject toJson() {
      return new JsonObject().put("instance", instance);
    }

    static Restart fromJson(JsonObject j) {
      return new Restart(j.getString("instance"));
    }
  }

  /** Answer to {@link Restart}: the instance once its replacement serves, or failed to start. */
  record Restarted(InstanceInfo instance) implements SupervisorBound {
    public JsonObject toJson() {
      return instance.toJson();
    }

    static Restarted fromJson(JsonObject j) {
      return new Restarted(InstanceInfo.fromJson(j));
    }
  }

  /**
   * Deploy a game version from a jar on this node (request; answered with {@link Deployed} once
   * its instances serve). The versions of the game deployed before it are retired.
   *
   * @param instances    how many; 0 means as many as the current version has here, else 1
   * @param mode         {@code migrate}, {@code drain}, or null for migrate when the old
   *                     version has state (its snapshot is not null), else drain
   * @param deployOrder  when it was deployed, cluster-wide: the newest is the current version
   */
  record Deploy(byte[] jar, int instances, String mode, int drainSeconds, long deployOrder)
      implements SupervisorBound {
    public JsonObject toJson() {
      return new JsonObject().put("jar", jar).put("instances", instances).put("mode", mode)
          .put("drainSeconds", drainSeconds).put("deployOrder", deployOrder);
    }

    static Deploy fromJson(JsonObject j) {
      return new Deploy(j.getBinary("jar"), j.getInteger("instances"), j.getString("mode"),
          j.getInteger("drainSeconds"), j.getLong("deployOrder"));
    }
  }

  /** Answer to {@link Deploy}: the new version's instances on this node. */
  record Deployed(String game, String version, List<InstanceInfo> instances) implements SupervisorBound {
    public JsonObject toJson() {
      JsonArray list = new JsonArray();
      instances.forEach(i -> list.add(i.toJson()));
      return new JsonObject().put("game", game).put("version", version).put("instances", list);
    }

    static Deployed fromJson(JsonObject j) {
      List<InstanceInfo> instances = new ArrayList<>();
      j.getJsonArray("instances").forEach(o -> instances.add(InstanceInfo.fromJson((JsonObject) o)));
      return new Deployed(j.getString("game"), j.getString("version"), instances);
    }
  }

  /** Retire a version here, moving its players to {@code successor} (request; answered with the count retired). */
  record Retire(String game, String version, String successor) implements SupervisorBound {
    public JsonObject toJson() {
      return new JsonObject().put("game", game).put("version", version).put("successor", successor);
    }

    static Retire fromJson(JsonObject j) {
      return new Retire(j.getString("game"), j.getString("version"), j.getString("successor"));
    }
  }

  /**
   * Run an instance here in place of one on another node (request; answered with
   * {@link Hosted}), under a new id of this node: after its node was lost
   * ({@code replaces}: the lost instance's id followed by the ids it had replaced itself; state
   * from the snapshot store) or while that node shuts down (state {@code restored} handed over).
   * The new instance remembers {@code template.node()} as the node it came from.
   */
  record Host(InstanceInfo template, JsonObject restored, List<String> replaces) implements SupervisorBound {
    public JsonObject toJson() {
      return new JsonObject().put("template", template.toJson()).put("restored", restored)
          .put("replaces", new JsonArray(replaces));
    }

    @SuppressWarnings("unchecked")
    static Host fromJson(JsonObject j) {
      return new Host(InstanceInfo.fromJson(j.getJsonObject("template")), j.getJsonObject("restored"),
          j.getJsonArray("replaces").getList());
    }
  }

  /** Answer to {@link Host}: the instance started here, serving. */
  record Hosted(InstanceInfo instance) implements SupervisorBound {
    public JsonObject toJson() {
      return instance.toJson();
    }

    static Hosted fromJson(JsonObject j) {
      return new Hosted(InstanceInfo.fromJson(j));
    }
  }
}
