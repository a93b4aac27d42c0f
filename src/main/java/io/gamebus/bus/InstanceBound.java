package io.gamebus.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Messages to a game instance, at {@link Addresses#instance(String)}. */
public sealed interface InstanceBound extends BusMessage {

  /**
   * Place a session here (request). Answered with {@link Joined}, or failed by
   * {@link ErrorReply} with {@code full} or {@code unavailable}.
   * {@code identity} is null for an anonymous session.
   */
  record Join(String session, String gateway, boolean resumed, Identity identity) implements InstanceBound {
    /** The join that places {@code ref} on a game. */
    public Join(SessionRef ref) {
      this(ref.session(), ref.gateway(), false, ref.identity());
    }

    public JsonObject toJson() {
      return new JsonObject().put("session", session).put("gateway", gateway).put("resumed", resumed)
          .put("identity", Identity.toJson(identity));
    }

    static Join fromJson(JsonObject j) {
      return new Join(j.getString("session"), j.getString("gateway"), j.getBoolean("resumed"),
          Identity.fromJson(j.getJsonObject("identity")));
    }

    public SessionRef ref() {
      return new SessionRef(session, gateway, identity);
    }
  }

  /** A client's {@code msg}; {@code requestId} is 0 when the client sent no id. */
  record Deliver(String session, long requestId, String route, JsonObject body) implements InstanceBound {
    public JsonObject toJson() {
      return new JsonObject().put("session", session).put("requestId", requestId)
          .put("route", route).put("body", body);
    }

    static Deliver fromJson(JsonObject j) {
      return new Deliver(j.getString("session"), j.getLong("requestId"), j.getString("route"), j.getJsonObject("body"));
    }
  }

  /** The session ended (bye, resume window over, or closed): the game sees {@code leave}. */
  record Leave(String session) implements InstanceBound {
    public JsonObject toJson() {
      return new JsonObject().put("session", session);
    }

    static Leave fromJson(JsonObject j) {
      return new Leave(j.getString("session"));
    }
  }

  /** The session resumed on another gateway: send its traffic there from now on. */
  record Rebind(String session, String gateway) implements InstanceBound {
    public JsonObject toJson() {
      return new JsonObject().put("session", session).put("gateway", gateway);
    }

    static Rebind fromJson(JsonObject j) {
      return new Rebind(j.getString("session"), j.getString("gateway"));
    }
  }

  /**
   * Take over these sessions from another instance (request), answered with the sessions
   * accepted as {@link Adopted}. Plain adoption (an instance failed for good, a retired
   * version) tells the gateways {@code moved} itself. A {@code handover} (hot swap) leaves that
   * to the old instance, which then sends a {@link Backlog}: until it arrives, traffic for these
   * sessions is held, so each player's messages reach the new version in the order sent.
   */
  record Adopt(List<SessionRef> sessions, String reason, boolean handover) implements InstanceBound {
    public JsonObject toJson() {
      return new JsonObject().put("sessions", SessionRef.toJson(sessions)).put("reason", reason)
          .put("handover", handover);
    }

    static Adopt fromJson(JsonObject j) {
      return new Adopt(SessionRef.fromJson(j.getJsonArray("sessions")), j.getString("reason"),
          j.getBoolean("handover", false));
    }
  }

  /**
   * A gateway's session traffic for this instance from one event-loop turn ({@link Deliver},
   * {@link Leave}, {@link Rebind}), in order: one event-bus message for many.
   */
  record Batch(List<InstanceBound> items) implements InstanceBound {
    public JsonObject toJson() {
      return new JsonObject().put("items", trafficToJson(items));
    }

    static Batch fromJson(JsonObject j) {
      return new Batch(trafficFromJson(j.getJsonArray("items")));
    }
  }

  /**
   * The end of a handover: what the old instance received for the moved sessions after it
   * stopped processing, in arrival order ({@link Deliver}, {@link Leave}, {@link Rebind}).
   */
  record Backlog(String from, List<InstanceBound> items) implements InstanceBound {
    public JsonObject toJson() {
      return new JsonObject().put("from", from).put("items", trafficToJson(items));
    }

    static Backlog fromJson(JsonObject j) {
      return new Backlog(j.getString("from"), trafficFromJson(j.getJsonArray("items")));
    }
  }

  /** A list of Deliver, Leave and Rebind, each tagged with its kind. */
  private static JsonArray trafficToJson(List<InstanceBound> items) {
    JsonArray list = new JsonArray();
    for (InstanceBound item : items) {
      list.add(new JsonObject().put("t", item.getClass().getSimpleName()).put("v", item.toJson()));
    }
    return list;
  }

  private static List<InstanceBound> trafficFromJson(JsonArray list) {
    List<InstanceBound> items = new java.util.ArrayList<>();
    for (Object o : list) {
      JsonObject entry = (JsonObject) o;
      JsonObject v = entry.getJsonObject("v");
      switch (entry.getString("t")) {
        case "Deliver" -> items.add(Deliver.fromJson(v));
        case "Leave" -> items.add(Leave.fromJson(v));
        case "Rebind" -> items.add(Rebind.fromJson(v));
        default -> throw new IllegalArgumentException("not a session's traffic: " + entry.getString("t"));
      }
    }
    return items;
  }

  /** Answer to {@link Adopt}: the sessions now placed here. */
  record Adopted(List<String> sessions) implements InstanceBound {
    public JsonObject toJson() {
      return new JsonObject().put("sessions", new JsonArray(sessions));
    }

    @SuppressWarnings("unchecked")
    static Adopted fromJson(JsonObject j) {
      return new Adopted(j.getJsonArray("sessions").getList());
    }
  }

  /** Answer to {@link Join}: where the session now lives. */
  record Joined(InstanceInfo instance) implements InstanceBound {
    public JsonObject toJson() {
      return instance.toJson();
    }

    static Joined fromJson(JsonObject j) {
      return new Joined(InstanceInfo.fromJson(j));
    }
  }
}
