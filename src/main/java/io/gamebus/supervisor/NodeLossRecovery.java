package io.gamebus.supervisor;

import io.gamebus.bus.Addresses;
import io.gamebus.bus.InstanceInfo;
import io.gamebus.bus.RegistryEvent;
import io.gamebus.bus.SupervisorBound;
import io.gamebus.placement.InstanceDirectory;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a node dies, each of its instances is taken over by a new instance on a survivor, under
 * an id of the survivor (never one of the lost node, which may come back and use its own ids
 * again), started from the lost instance's last snapshot in the cluster; the gateways then hand
 * it the lost instance's sessions (reason {@code node_lost}), finding it by the ids it reports
 * to have replaced. Every survivor hears of the loss, so one acts: the games node with the
 * smallest id, which spreads the instances over all games nodes in turn. Lives on the
 * supervisor's event loop.
 */
final class NodeLossRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(NodeLossRecovery.class);
  private static final DeliveryOptions HOST = new DeliveryOptions().setSendTimeout(60_000);

  private final Vertx vertx;
  private final String self;
  private final InstanceDirectory directory;
  /**
   * Lost instances no successor has reported yet, by id. Nodes lost together are heard of one
   * at a time: at the first loss the node to act may be one lost with it, so every later loss
   * looks at these again.
   */
  private final Map<String, InstanceInfo> awaiting = new LinkedHashMap<>();
  /** Which node this one asked to take over each of them: asked again should that node be lost. */
  private final Map<String, String> askedOf = new HashMap<>();

  NodeLossRecovery(Vertx vertx, String self, InstanceDirectory directory) {
    this.vertx = vertx;
    this.self = self;
    this.directory = directory;
  }

  void recover(RegistryEvent.NodeLost lost) {
    // Taken over (a successor reported it), or running again (the halves of a split merged).
    awaiting.keySet().removeIf(id -> directory.current(id) != null);
    askedOf.keySet().retainAll(awaiting.keySet());
    askedOf.values().removeIf(lost.node()::equals);
    for (InstanceInfo instance : lost.instances()) {
      if (!InstanceInfo.FAILED.equals(instance.state())) {
        awaiting.put(instance.id(), instance);
      }
    }
    List<String> survivors = directory.gamesNodesBut(lost.node());
    if (survivors.isEmpty() || !survivors.get(0).equals(self)) {
      return;
    }
    int turn = 0;
    for (InstanceInfo instance : awaiting.values()) {
      if (askedOf.containsKey(instance.id())) {
        continue;
      }
      String target = survivors.get(turn++ % survivors.size());
      askedOf.put(instance.id(), target);
      List<String> replaces = new ArrayList<>();
      replaces.add(instance.id());
      replaces.addAll(directory.predecessorsOf(instance.id()));
      vertx.eventBus().request(Addresses.supervisor(target), new SupervisorBound.Host(instance, null, replaces), HOST)
          .onSuccess(r -> LOG.info("the players of instance {} of lost node {} go to instance {} on {}", instance.id(),
              instance.node(), ((SupervisorBound.Hosted) r.body()).instance().id(), target))
          .onFailure(e -> {
            LOG.error("instance {} of lost node {} could not be restarted on {}: {}", instance.id(), instance.node(),
                target, e.getMessage());
            askedOf.remove(instance.id(), target); // the next loss heard tries again
          });
    }
  }
}
