package io.gamebus.api;

import io.vertx.core.json.JsonObject;

/**
 * A player's session as one game instance sees it. The same player (same {@link #id()})
 * survives reconnects with a resume token and moves between instances.
 */
public interface Player {

  /** The session id, stable for the whole session, also across moves and resumes. */
  String id();

  /**
   * Pushes a message to this player ({@code push} with this route and body). The body is
   * encoded at once, so the game may change the object afterwards. Pushes to a player that
   * is disconnected but still resumable are kept (a bounded number) and delivered on resume.
   *
   * @throws NullPointerException if route or body is null
   */
  void send(String route, JsonObject body);

  /**
   * Ends this player's session: the client gets {@code closing} with this reason and its
   * connection is closed; the session cannot be resumed and {@link Game#leave(Player)}
   * follows.
   */
  void close(String reason);
}
