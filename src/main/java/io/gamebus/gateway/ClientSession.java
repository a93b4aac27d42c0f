package io.gamebus.gateway;

import io.gamebus.bus.Identity;
import io.gamebus.bus.InstanceBound;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A player's session at its gateway: whose it is ({@code identity}, null when anonymous),
 * where it lives, its connection (none while it waits to be resumed), its requests awaiting an answer and the pushes kept for it while it is away.
 * Touched only on its gateway verticle's event loop.
 */
final class ClientSession {
  final String id;
  final String resume;
  final String game;
  final Identity identity;
  String instance;
  String version;
  String node;
  ClientConnection connection;
  long detachedAt;
  /** Request id to the time it was sent (nanos); insertion order is deadline order. */
  final LinkedHashMap<Long, Long> requests = new LinkedHashMap<>();
  /** Sized for the common case, nothing held: most sessions never hold a push. */
  final ArrayDeque<String> held = new ArrayDeque<>(1);
  /** While its instance is lost with its node: messages for it, sent once the instance runs again. */
  List<InstanceBound.Deliver> heldForInstance;

  ClientSession(String id, String resume, String game, String instance, String version, String node,
                Identity identity) {
    this.id = id;
    this.resume = resume;
    this.game = game;
    this.identity = identity;
    this.instance = instance;
    this.version = version;
    this.node = node;
  }

  boolean attached() {
    return connection != null;
  }
}
