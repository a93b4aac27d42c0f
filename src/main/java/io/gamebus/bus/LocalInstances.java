package io.gamebus.bus;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.util.List;

/**
 * The game instances of this node, for gateways of the same node to hand them session traffic
 * without the event bus: straight to the game's mailbox where the instance allows it, which
 * saves the thread hop through the instance's slot. Instances elsewhere in the cluster are
 * reached at {@link Addresses#instance(String)} as before.
 */
public final class LocalInstances {
  private static final String MAP = "gamebus.local-instances";

  /** An instance's door for session traffic ({@link InstanceBound.Deliver}, Leave, Rebind) from this node. */
  public interface Inbox extends Shareable {
    /** Takes these items, in order; callable from any thread. */
    void accept(List<InstanceBound> items);
  }

  private LocalInstances() {}

  public static void register(Vertx vertx, String instanceId, Inbox inbox) {
    map(vertx).put(instanceId, inbox);
  }

  public static void unregister(Vertx vertx, String instanceId, Inbox inbox) {
    map(vertx).removeIfPresent(instanceId, inbox);
  }

  /** The inbox of an instance running on this node, or null. */
  public static Inbox find(Vertx vertx, String instanceId) {
    return map(vertx).get(instanceId);
  }

  private static LocalMap<String, Inbox> map(Vertx vertx) {
    return vertx.sharedData().getLocalMap(MAP);
  }
}
