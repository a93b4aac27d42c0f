package io.gamebus.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Collection;

/** What a game instance knows about itself, handed to {@link Game#start}. */
public interface GameContext {

  /**
   * The node's Vert.x. Timers and consumers set through it from a game call run on this
   * instance's context, one at a time with the game's other calls, and are cancelled when
   * the instance goes away.
   */
  Vertx vertx();

  /** The game's name, e.g. {@code "arena"}. */
  String game();

  /** The version this instance runs, e.g. {@code "2.0.0"}. */
  String version();

  /**
   * The instance id clients see in {@code welcome} and {@code moved}. It names a slot: a
   * replacement after a crash, hang or restart keeps the id.
   */
  String instanceId();

  /** The {@code config} object of this game's entry in the node configuration; empty if none. */
  JsonObject config();

  /** The players currently on this instance (a read-only view). */
  Collection<Player> players();

  /** Pushes one message to every player of this instance; the body is encoded once. */
  void broadcast(String route, JsonObject body);
}
