package io.gamebus.supervisor;

import io.gamebus.bus.Addresses;
import io.gamebus.bus.InstanceInfo;
import io.gamebus.bus.RegistryEvent;
import io.gamebus.bus.SupervisorBound;
import io.gamebus.placement.InstanceDirectory;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a node dies, its instances run again on the survivors, under the same ids and from the
 * last snapshots in the cluster; the gateways then hand them their sessions (reason
 * {@code node_lost}). Every survivor hears of the loss, so one acts: the games node with the
 * smallest id, which spreads the instances over all games nodes in turn.
 */
final class NodeLossRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(NodeLossRecovery.class);
  private static final DeliveryOptions HOST = new DeliveryOptions().setSendTimeout(60_000);

  private final Vertx vertx;
  private final String self;
  private final InstanceDirectory directory;

  NodeLossRecovery(Vertx vertx, String self, InstanceDirectory directory) {
    this.vertx = vertx;
    this.self = self;
    this.directory = directory;
  }

  void recover(RegistryEvent.NodeLost lost) {
    List<String> survivors = new ArrayList<>();
    for (InstanceDirectory.Node node : directory.nodes()) {
      if (node.roles().contains("games") && !node.leaving() && !node.id().equals(lost.node())) {
        survivors.add(node.id());
      }
    }
    survivors.sort(Comparator.naturalOrder());
    if (survivors.isEmpty() || !survivors.get(0).equals(self)) {
      return;
    }
    int turn = 0;
    for (InstanceInfo instance : lost.instances()) {
      if (InstanceInfo.FAILED.equals(instance.state())) {
        continue;
      }
      String target = survivors.get(turn++ % survivors.size());
      vertx.eventBus().request(Addresses.supervisor(target), new SupervisorBound.Host(instance, null, true), HOST)
          .onSuccess(v -> LOG.info("instance {} of lost node {} runs again on {}", instance.id(), lost.node(), target))
          .onFailure(e -> LOG.error("instance {} of lost node {} could not be restarted on {}: {}",
              instance.id(), lost.node(), target, e.getMessage()));
    }
  }
}
