package io.gamebus.bus;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Who a session belongs to: the verified token's {@code sub} and claims. It travels with the
 * session (joins, moves, resume, the session directory), so the game sees the same player
 * wherever the session goes. Null where a session is anonymous.
 */
public record Identity(String user, JsonObject claims) {

  public Identity {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(claims, "claims");
  }

  /** The token's {@code exp} in epoch seconds, or 0 if it has none. */
  public long expiresAt() {
    return claims.getValue("exp") instanceof Number exp ? exp.longValue() : 0;
  }

  public JsonObject toJson() {
    return new JsonObject().put("user", user).put("claims", claims);
  }

  /** The identity in {@code json}, or null for an anonymous session. */
  public static Identity fromJson(JsonObject json) {
    return json == null ? null : new Identity(json.getString("user"), json.getJsonObject("claims"));
  }

  /** Its JSON, or null for an anonymous session. */
  public static JsonObject toJson(Identity identity) {
    return identity == null ? null : identity.toJson();
  }

  /** The user of a possibly anonymous session, or null. */
  public static String userOf(Identity identity) {
    return identity == null ? null : identity.user();
  }
}
