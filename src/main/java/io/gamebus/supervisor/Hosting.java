package io.gamebus.supervisor;

import io.gamebus.bus.InstanceInfo;
import io.gamebus.bus.SupervisorBound;
import io.gamebus.config.GameConfig;
import io.gamebus.game.GameDefinition;
import io.gamebus.hotswap.GameVersions;
import io.gamebus.instance.InstanceSlots;
import io.gamebus.instance.SnapshotStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an instance for another node, under a new id of this node: after that node died, from
 * the lost instance's last snapshot in the cluster ({@link NodeLossRecovery} asks), or, while it
 * shuts down, from the state it handed over ({@link Evacuation} asks). The new instance remembers
 * the node it came from, to settle back there ({@link Takeovers}). Used on the supervisor's
 * event loop.
 */
final class Hosting {
  private static final Logger LOG = LoggerFactory.getLogger(Hosting.class);

  private final SnapshotStore snapshots;
  private final GameVersions versions;
  private final InstanceSlots slots;

  Hosting(SnapshotStore snapshots, GameVersions versions, InstanceSlots slots) {
    this.snapshots = snapshots;
    this.versions = versions;
    this.slots = slots;
  }

  /** Completes with the new instance once it serves and this node's directory lists it. */
  Future<InstanceInfo> host(SupervisorBound.Host request) {
    InstanceInfo template = request.template();
    Future<JsonObject> restored = request.replaces().isEmpty() ? Future.succeededFuture(request.restored())
        : snapshots.getBounded(template.id()).otherwise(slow -> {
          LOG.error("the last snapshot of lost instance {} could not be read in time; its replacement starts without it",
              template.id());
          return null;
        });
    Future<GameDefinition> definition = versions.findOrCurrent(template.game(), template.version(), slots)
        .onSuccess(found -> {
          if (!found.version().equals(template.version())) {
            LOG.warn("instance {} ran {} {}, which no node here has any more: its replacement runs {}", template.id(),
                template.game(), template.version(), found.version());
          }
        });
    return definition.compose(found -> restored.compose(state -> {
      GameConfig entry = versions.settingsOf(template.game());
      GameConfig sized = new GameConfig(entry.name(), entry.jar(), 1, template.capacity(), entry.snapshotMs(),
          entry.config());
      return slots.deploy(found, sized, template.deployOrder(), state, template.node(), request.replaces());
    })).compose(slot -> slot.serving().compose(v -> slots.listed(List.of(slot.id()))).compose(v -> slot.describe()));
  }
}
