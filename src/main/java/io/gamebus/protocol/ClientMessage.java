package io.gamebus.protocol;

import io.vertx.core.json.JsonObject;

/** A message from a client, as decoded by {@link ClientMessageDecoder}. */
public sealed interface ClientMessage {

  /** The client's {@code id}, or null when it sent none. */
  Long id();

  /** {@code hello}: open (or resume) a session. Absent optional fields are null. */
  record Hello(Long id, String game, String token, String resume) implements ClientMessage {}

  /** {@code msg}: a message for the game; a request when {@code id} is set. */
  record Msg(Long id, String route, JsonObject body) implements ClientMessage {}

  /** {@code ping}: answered with {@code pong}. */
  record Ping(Long id) implements ClientMessage {}

  /** {@code bye}: leave the game and close. */
  record Bye(Long id) implements ClientMessage {}
}
