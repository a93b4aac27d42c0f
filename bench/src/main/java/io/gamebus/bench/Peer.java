package io.gamebus.bench;

/** A connection that got its welcome; {@code instance} is the game instance it was placed on. */
record Peer(Link link, String instance) {
}
