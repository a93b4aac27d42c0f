package io.gamebus.bench;

/**
 * A connection that got its welcome; {@code instance} is the game instance it was placed on and
 * {@code node} the node running it (null from the raw server).
 */
record Peer(Link link, String instance, String node) {
}
