package io.gamebus.supervisor;

import io.gamebus.game.GameDefinition;
import io.vertx.core.json.JsonObject;

/** What an instance slot runs: which game version, where, with what limits. */
record SlotSpec(String id, GameDefinition definition, String node, int capacity, int snapshotMs,
                JsonObject config, long deployOrder) {}
