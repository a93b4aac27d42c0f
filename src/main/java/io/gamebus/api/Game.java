package io.gamebus.api;

import io.vertx.core.json.JsonObject;

/**
 * A game: the code a studio writes, run by gamebus as one or more <em>instances</em>.
 *
 * <p>gamebus creates one {@code Game} object per instance (through the public no-argument
 * constructor) and calls it one call at a time, always on that instance's own context, so a
 * game needs no locks. Timers and event-bus consumers the game registers through
 * {@link GameContext#vertx()} run on the same context and are cancelled when the instance
 * goes away.
 *
 * <p>Any method that throws is a <em>crash</em>: the player whose message caused it gets
 * {@code error} {@code game_error}, the instance is replaced by a fresh {@code Game} started
 * from the last {@link #snapshot()}, and its players are moved there without losing their
 * connections. A method that never returns (a stuck loop) is detected within
 * {@code supervisor.hangMs} and handled the same way.
 *
 * <p>Lifecycle: {@code start} once, then any number of {@code join}, {@code message} and
 * {@code leave} calls (and {@code snapshot} calls between them), then {@code stop} once.
 */
public interface Game {

  /**
   * Called once, before any player arrives.
   *
   * @param context  this instance's context: its name, version, players and Vert.x
   * @param restored the state handed over by the instance this one replaces (from
   *                 {@link #snapshot()} after a hot swap or a crash), or {@code null} for a
   *                 fresh start
   */
  default void start(GameContext context, JsonObject restored) {}

  /**
   * A player was placed on this instance: a new session, a session that resumed after a
   * disconnect it did not notice, or one moved in from another instance.
   */
  default void join(Player player) {}

  /**
   * A message from a player. When {@link Message#isRequest()} the client waits for an answer:
   * call {@link Message#reply(JsonObject)} (now or later) or {@link Message#fail(String, String)};
   * one not answered within {@code gateway.requestTimeoutMs} gets {@code error} {@code timeout}.
   */
  void message(Player player, Message message);

  /**
   * The player is gone from this instance: it said {@code bye}, its disconnect outlived
   * {@code gateway.resumeSeconds}, or it was closed with {@link Player#close(String)}.
   * Not called for players moved away when this instance is retired or replaced.
   */
  default void leave(Player player) {}

  /**
   * The state a successor instance needs to carry on, or {@code null} for none. Called on
   * hot swap (the result goes to the new version's {@code start}) and every
   * {@code games[].snapshotMs} for crash recovery. Return a new object: gamebus may hand it
   * to another thread or node.
   */
  default JsonObject snapshot() {
    return null;
  }

  /** The instance is going away (retired, replaced or the node stops). Release resources here. */
  default void stop() {}
}
