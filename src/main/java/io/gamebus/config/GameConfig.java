package io.gamebus.config;

import io.vertx.core.json.JsonObject;

/**
 * One entry of {@code games}: a built-in game (by name) or a game jar, and how many instances
 * of it this node runs.
 *
 * @param jar        path of the game jar, or null for a built-in game
 * @param snapshotMs how often a snapshot is taken for crash recovery; 0 means never
 * @param config     the game's own settings, handed to it as {@code GameContext.config()}
 */
public record GameConfig(String name, String jar, int instances, int capacity, int snapshotMs, JsonObject config) {

  static GameConfig from(ConfigReader in) {
    return new GameConfig(in.string("name", null), in.string("jar", null),
        in.integer("instances", 1, 0, 10_000), in.integer("capacity", 1000, 1, 10_000_000),
        in.integer("snapshotMs", 1000, 0, 86_400_000), in.object("config"));
  }
}
