package io.gamebus.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Messages to a gateway verticle, at {@link Addresses#gateway(String, int)}. Frames arrive
 * already encoded (by the game's thread), so fan-out to many sessions encodes once.
 */
public sealed interface GatewayBound extends BusMessage {

  /** Write this encoded server message to every one of these sessions. */
  record Push(List<String> sessions, String frame) implements GatewayBound {
    public JsonObject toJson() {
      return new JsonObject().put("sessions", new JsonArray(sessions)).put("frame", frame);
    }

    @SuppressWarnings("unchecked")
    static Push fromJson(JsonObject j) {
      return new Push(j.getJsonArray("sessions").getList(), j.getString("frame"));
    }
  }

  /** The answer ({@code reply} or {@code error}) to request {@code requestId} of a session. */
  record Answer(String session, long requestId, String frame) implements GatewayBound {
    public JsonObject toJson() {
      return new JsonObject().put("session", session).put("requestId", requestId).put("frame", frame);
    }

    static Answer fromJson(JsonObject j) {
      return new Answer(j.getString("session"), j.getLong("requestId"), j.getString("frame"));
    }
  }

  /**
   * What one task of a game sent to this gateway ({@link Push}, {@link Answer}, {@link Evict}),
   * in order: one event-bus message for many frames.
   */
  record Batch(List<GatewayBound> items) implements GatewayBound {
    public JsonObject toJson() {
      JsonArray array = new JsonArray();
      for (GatewayBound item : items) {
        array.add(new JsonObject().put(kind(item), item.toJson()));
      }
      return new JsonObject().put("items", array);
    }

    static Batch fromJson(JsonObject j) {
      List<GatewayBound> items = new ArrayList<>();
      for (Object entry : j.getJsonArray("items")) {
        JsonObject tagged = (JsonObject) entry;
        String kind = tagged.fieldNames().iterator().next();
        JsonObject item = tagged.getJsonObject(kind);
        items.add(switch (kind) {
          case "push" -> Push.fromJson(item);
          case "answer" -> Answer.fromJson(item);
          case "evict" -> Evict.fromJson(item);
          default -> throw new IllegalArgumentException("not a batch item: " + kind);
        });
      }
      return new Batch(items);
    }

    private static String kind(GatewayBound item) {
      if (item instanceof Push) {
        return "push";
      }
      if (item instanceof Answer) {
        return "answer";
      }
      if (item instanceof Evict) {
        return "evict";
      }
      throw new IllegalArgumentException("not a batch item: " + item);
    }
  }

  /**
   * These sessions now live on {@code instance} (request; answered once routing is switched,
   * so the sender knows no more traffic for them is on its way to the old instance).
   */
  record Moved(List<String> sessions, String instance, String version, String node, String reason)
      implements GatewayBound {
    public JsonObject toJson() {
      return new JsonObject().put("sessions", new JsonArray(sessions)).put("instance", instance)
          .put("version", version).put("node", node).put("reason", reason);
    }

    @SuppressWarnings("unchecked")
    static Moved fromJson(JsonObject j) {
      return new Moved(j.getJsonArray("sessions").getList(), j.getString("instance"),
          j.getString("version"), j.getString("node"), j.getString("reason"));
    }
  }

  /**
   * End these sessions: each client gets {@code error} with {@code code} (if set), then
   * {@code closing} with {@code reason}, and is closed; the sessions cannot be resumed.
   */
  record Evict(List<String> sessions, String code, String message, String reason) implements GatewayBound {
    public JsonObject toJson() {
      return new JsonObject().put("sessions", new JsonArray(sessions)).put("code", code)
          .put("message", message).put("reason", reason);
    }

    @SuppressWarnings("unchecked")
    static Evict fromJson(JsonObject j) {
      return new Evict(j.getJsonArray("sessions").getList(), j.getString("code"),
          j.getString("message"), j.getString("reason"));
    }
  }

  /** Give up a detached session so another gateway can resume it (request; answered with {@link SessionState}). */
  record Handoff(String session) implements GatewayBound {
    public JsonObject toJson() {
      return new JsonObject().put("session", session);
    }

    static Handoff fromJson(JsonObject j) {
      return new Handoff(j.getString("session"));
    }
  }

  /** A session handed over for resume: where it lives, whose it is and the pushes kept while it was away. */
  record SessionState(String session, String resume, String game, InstanceInfo instance, List<String> pending,
                      Identity identity) implements GatewayBound {
    public JsonObject toJson() {
      return new JsonObject().put("session", session).put("resume", resume).put("game", game)
          .put("instance", instance.toJson()).put("pending", new JsonArray(pending))
          .put("identity", Identity.toJson(identity));
    }

    @SuppressWarnings("unchecked")
    static SessionState fromJson(JsonObject j) {
      return new SessionState(j.getString("session"), j.getString("resume"), j.getString("game"),
          InstanceInfo.fromJson(j.getJsonObject("instance")), j.getJsonArray("pending").getList(),
          Identity.fromJson(j.getJsonObject("identity")));
    }
  }

  /**
   * Is this session still open here (request, answered with a Boolean)? Asked before a user's
   * second session is refused ({@code sessionsPerUser} {@code reject}), so a session whose
   * gateway died with its node does not lock its user out; and by an instance before it ends the
   * players of a gateway it took for lost ({@code instance}: open here on that instance).
   *
   * @param instance the instance the session must be on, or null for any
   */
  record Holds(String session, String instance) implements GatewayBound {
    public JsonObject toJson() {
      return new JsonObject().put("session", session).put("instance", instance);
    }

    static Holds fromJson(JsonObject j) {
      return new Holds(j.getString("session"), j.getString("instance"));
    }
  }
}
