package io.gamebus.api;

import io.vertx.core.json.JsonObject;

/**
 * A player's session as one game instance sees it. The same player (same {@link #id()}, same
 * {@link #userId()} and {@link #claims()}) survives reconnects with a resume token, moves
 * between instances, crash replacement, hot swap and the loss of a node.
 */
public interface Player {

  /** The session id, stable for the whole session, also across moves and resumes. */
  String id();

  /**
   * Who the player is: the {@code sub} of the token the session was opened with, verified by
   * the gateway (see the {@code auth} configuration). For an anonymous session (no
   * authentication configured, or {@code auth.required} false and no token given), the same
   * as {@link #id()}. With {@code auth.sessionsPerUser} {@code replace} (the default) or
   * {@code reject}, at most one session per user id exists in the cluster. (The default
   * implementation, for a game's own test doubles, is the anonymous one.)
   */
  default String userId() {
    return id();
  }

  /**
   * The verified token's claims ({@code sub}, {@code exp}, and any the identity provider
   * added, such as a display name or roles), as they were when the session was opened. A
   * copy: changing it changes nothing. Empty for an anonymous session (and by default).
   */
  default JsonObject claims() {
    return new JsonObject();
  }

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
