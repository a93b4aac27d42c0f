package io.gamebus.supervisor;

import io.gamebus.bus.Addresses;
import io.gamebus.bus.SupervisorBound;
import io.gamebus.instance.InstanceSlot;
import io.gamebus.instance.InstanceSlots;
import io.gamebus.placement.InstanceDirectory;
import io.gamebus.protocol.MoveReason;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Graceful stop in a cluster: each instance here that has players or takes them hands them, with
 * a snapshot taken now, to a new instance on another games node (reason {@code shutdown}), the
 * games nodes taken in turn. Instances with nowhere to go stay, and their players are told
 * {@code closing}. Used on the supervisor's event loop.
 */
final class Evacuation {
  private static final Logger LOG = LoggerFactory.getLogger(Evacuation.class);
  /** A node that shuts down waits this long for another to take an instance, then keeps it. */
  private static final DeliveryOptions EVACUATE = new DeliveryOptions().setSendTimeout(10_000);

  private final Vertx vertx;
  private final String node;
  private final InstanceDirectory directory;
  private final InstanceSlots slots;

  Evacuation(Vertx vertx, String node, InstanceDirectory directory, InstanceSlots slots) {
    this.vertx = vertx;
    this.node = node;
    this.directory = directory;
    this.slots = slots;
  }

  /** Completes once every instance has moved, or failed to. */
  Future<Void> run() {
    List<String> others = directory.gamesNodesBut(node);
    if (others.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Future<Void>> moved = new ArrayList<>();
    int turn = 0;
    for (InstanceSlot slot : slots.all()) {
      String target = others.get(turn++ % others.size());
      // Draining ones too (a takeover settling back, an old version): their successor settles back in turn.
      moved.add(slot.describe().compose(info -> !info.isActive() && info.sessions() == 0 ? Future.succeededFuture()
          : slot.handOver().compose(state -> vertx.eventBus().<Object>request(Addresses.supervisor(target),
                  new SupervisorBound.Host(info, state, List.of()), EVACUATE))
              .compose(reply -> slot.transferTo(((SupervisorBound.Hosted) reply.body()).instance(), MoveReason.SHUTDOWN))
              .compose(v -> slots.undeploy(slot))
              .onFailure(e -> LOG.warn("could not move instance {} to {}: {}", slot.id(), target, e.getMessage()))
              .otherwiseEmpty()));
    }
    return Future.join(moved).otherwiseEmpty().mapEmpty();
  }
}
