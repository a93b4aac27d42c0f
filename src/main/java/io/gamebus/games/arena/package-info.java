/**
 * The built-in {@code arena} game: a small real-time multiplayer game with server-authoritative
 * state, played from the web page at {@code /}. {@link io.gamebus.games.arena.Arena} is the
 * {@link io.gamebus.api.Game} and lists the routes; {@code ArenaWorld} is the simulation;
 * {@link io.gamebus.games.arena.ArenaRules} is what a new version changes
 * ({@link io.gamebus.games.arena.v2.ArenaV2}).
 */
package io.gamebus.games.arena;
