package io.gamebus.placement;

import io.gamebus.bus.Addresses;
import io.gamebus.bus.RegistryEvent;
import io.gamebus.placement.InstanceDirectory;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.util.List;
import java.util.function.Supplier;
import io.gamebus.bus.InstanceInfo;
import io.gamebus.cluster.Membership;
import io.vertx.core.eventbus.DeliveryOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's {@link InstanceDirectory} fed: consumes every node's registry events,
 * announces this node (at start, when asked, and as a heartbeat) and expires silent entries.
 */
public final class DirectoryFeed extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryFeed.class);
  private static final long SUBSCRIPTION_MARGIN_MS = 500;
  private final InstanceDirectory directory;
  private final Supplier<RegistryEvent.NodeReport> announcement;
  private final Membership membership;
  private final Promise<Void> heardAll = Promise.promise();

  public DirectoryFeed(InstanceDirectory directory, Supplier<RegistryEvent.NodeReport> announcement, Membership membership) {
    this.directory = directory;
    this.announcement = announcement;
    this.membership = membership;
  }

  @Override
  public Future<?> start() {
    var events = vertx.eventBus().<RegistryEvent>consumer(Addresses.REGISTRY, m -> directory.apply(m.body()));
    var sync = vertx.eventBus().consumer(Addresses.REGISTRY_SYNC, m -> announce());
    vertx.setPeriodic(InstanceDirectory.REPORT_INTERVAL_MS, t -> {
      announce();
      directory.expire(System.currentTimeMillis());
    });
    membership.onLeft(member -> context.runOnContext(v -> memberLeft(member)));
    return Future.all(List.of(events.completion(), sync.completion())).onSuccess(v -> {
      announce();
      vertx.eventBus().publish(Addresses.REGISTRY_SYNC, "hello");
      if (membership.self() == null) {
        heardAll.complete();
      } else {
        // Every instance in the cluster reports at least once per interval: after one (and a
        // margin for the cluster to see this node's subscription), the directory lists them all.
        vertx.setTimer(InstanceDirectory.REPORT_INTERVAL_MS + SUBSCRIPTION_MARGIN_MS, t -> heardAll.complete());
      }
    });
  }

  /**
   * Completes once this node's directory knows every instance of the cluster: at once on a
   * single node, after a round of reports in a cluster. Until then a gateway here would answer
   * {@code no_game} for games that run on other nodes, so the node is not ready before it.
   */
  public Future<Void> heardAll() {
    return heardAll.future();
  }

  /** A member vanished: forget its node and tell this node's roles what it had. */
  private void memberLeft(String member) {
    InstanceDirectory.Node node = directory.nodeByMember(member);
    if (node == null) {
      return;
    }
    List<InstanceInfo> lost = directory.forgetNode(node.id());
    LOG.warn("node {} left the cluster with {} instances", node.id(), lost.size());
    vertx.eventBus().publish(Addresses.NODE_LOST, new RegistryEvent.NodeLost(node.id(), lost),
        new DeliveryOptions().setLocalOnly(true));
  }

  public void announce() {
    vertx.eventBus().publish(Addresses.REGISTRY, announcement.get());
  }
}
