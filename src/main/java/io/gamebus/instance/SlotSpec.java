package io.gamebus.instance;

import io.gamebus.game.GameDefinition;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What an instance slot runs: which game version, where, with what limits.
 *
 * @param origin   the node whose instance this one took over (lost, or shutting down), or null
 *                 for an instance of this node's own
 * @param replaces the ids of the lost instances whose players it took over (see
 *                 {@link io.gamebus.bus.RegistryEvent.InstanceReport})
 */
record SlotSpec(String id, GameDefinition definition, String node, int capacity, int snapshotMs,
                JsonObject config, long deployOrder, String origin, List<String> replaces) {

  boolean isTakeover() {
    return origin != null;
  }
}
