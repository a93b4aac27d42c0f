package io.gamebus.protocol;

import io.vertx.core.json.JsonObject;

/**
 * A message from the server to a client. {@link #toJson()} is the one place each message's
 * wire shape is defined; {@link #encode()} gives the text a transport frames.
 */
public sealed interface ServerMessage {

  JsonObject toJson();

  default String encode() {
    return toJson().encode();
  }

  /** Answer to {@code hello}; {@code user} (the token's {@code sub}) is null, and left out, when anonymous. */
  record Welcome(Long id, String session, String resume, String game, String version,
                 String instance, String node, boolean resumed, String user) implements ServerMessage {
    public JsonObject toJson() {
      JsonObject json = withId(new JsonObject().put("type", "welcome"), id)
          .put("session", session).put("resume", resume).put("game", game)
          .put("version", version).put("instance", instance).put("node", node)
          .put("resumed", resumed);
      return user == null ? json : json.put("user", user);
    }
  }

  /** The game's answer to a request. */
  record Reply(long id, JsonObject body) implements ServerMessage {
    public JsonObject toJson() {
      return new JsonObject().put("type", "reply").put("id", id).put("body", body);
    }
  }

  /** A message the game sent to this player. */
  record Push(String route, JsonObject body) implements ServerMessage {
    public JsonObject toJson() {
      return new JsonObject().put("type", "push").put("route", route).put("body", body);
    }
  }

  /** Answer to {@code ping}. */
  record Pong(Long id) implements ServerMessage {
    public JsonObject toJson() {
      return withId(new JsonObject().put("type", "pong"), id);
    }
  }

  /** The session now lives on another instance, or on a replacement of its instance. */
  record Moved(String instance, String version, String node, String reason) implements ServerMessage {
    public JsonObject toJson() {
      return new JsonObject().put("type", "moved").put("instance", instance)
          .put("version", version).put("node", node).put("reason", reason);
    }
  }

  /** An error; {@code code} is an {@link ErrorCode} wire name or a game's own code. */
  record Failure(Long id, String code, String message) implements ServerMessage {
    public Failure(Long id, ErrorCode code, String message) {
      this(id, code.wireName(), message);
    }

    public JsonObject toJson() {
      return withId(new JsonObject().put("type", "error"), id).put("code", code).put("message", message);
    }
  }

  /** The server is about to close this connection. */
  record Closing(String reason) implements ServerMessage {
    public JsonObject toJson() {
      return new JsonObject().put("type", "closing").put("reason", reason);
    }
  }

  private static JsonObject withId(JsonObject json, Long id) {
    return id == null ? json : json.put("id", id);
  }
}
