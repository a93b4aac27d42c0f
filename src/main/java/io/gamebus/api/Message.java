package io.gamebus.api;

import io.vertx.core.json.JsonObject;

/** A message from a player to the game: a client's {@code msg}. */
public interface Message {

  /** The route the client named, e.g. {@code "move"}; never null. */
  String route();

  /** The client's body; an empty object when the client sent none. */
  JsonObject body();

  /** Whether the client sent an {@code id} and waits for {@link #reply} or {@link #fail}. */
  boolean isRequest();

  /**
   * Answers the request with {@code reply} and this body. May be called later, from the
   * instance's context (e.g. in a timer). Only the first answer counts; answering a message
   * that is not a request, or answering twice, is ignored and logged as a warning.
   */
  void reply(JsonObject body);

  /**
   * Answers the request with {@code error}: {@code code} and {@code message} reach the client
   * as given. Use your own codes (e.g. {@code "not_your_turn"}); the built-in codes of the
   * protocol are reserved for gamebus.
   */
  void fail(String code, String message);
}
