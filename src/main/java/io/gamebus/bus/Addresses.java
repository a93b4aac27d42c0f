package io.gamebus.bus;

/**
 * Every event-bus address gamebus uses. There is no per-session address: a handful per node
 * (one per gateway verticle, one per instance, one supervisor) whatever the player count.
 */
public final class Addresses {
  /** Published {@link RegistryEvent}s: instance load reports and node announcements. */
  public static final String REGISTRY = "gamebus.registry";
  /** Published when a node wants every node to announce itself again (a new node joined). */
  public static final String REGISTRY_SYNC = "gamebus.registry.sync";

  /** Local only: {@link RegistryEvent.NodeLost} for this node's roles. */
  public static final String NODE_LOST = "gamebus.local.node-lost";

  private Addresses() {}

  /** Whether an address is one of this node's gateway verticles. */
  public static boolean isGatewayOf(String address, String nodeId) {
    return address != null && address.startsWith("gamebus.gateway." + nodeId + ".");
  }

  /** The node of a gateway verticle's address, or null if it is not one. */
  public static String nodeOfGateway(String address) {
    String prefix = "gamebus.gateway.";
    int index = address == null ? -1 : address.lastIndexOf('.');
    return index <= prefix.length() || !address.startsWith(prefix) ? null : address.substring(prefix.length(), index);
  }

  /** {@link InstanceBound} messages for one game instance (its slot, stable across crash replacements). */
  public static String instance(String instanceId) {
    return "gamebus.instance." + instanceId;
  }

  /** {@link GatewayBound} messages for one gateway verticle of a node. */
  public static String gateway(String nodeId, int index) {
    return "gamebus.gateway." + nodeId + "." + index;
  }

  /** {@link SupervisorBound} requests for a node's supervisor. */
  public static String supervisor(String nodeId) {
    return "gamebus.supervisor." + nodeId;
  }
}
