package io.gamebus.supervisor;

import io.gamebus.bus.Addresses;
import io.gamebus.bus.InstanceInfo;
import io.gamebus.bus.RegistryEvent;
import io.vertx.core.eventbus.EventBus;
import java.util.Map;

/**
 * An instance as the registry sees it: its state, its player count, its restarts. Reported on
 * every change so that placement works from the instance as it is, each report with a higher
 * {@code seq} so that a stale one loses. Lives on its slot's event loop.
 */
final class InstanceStatus {
  private final EventBus bus;
  private final SlotSpec spec;
  /** Session to gateway, shared with the slot. */
  private final Map<String, String> sessions;
  private String state = InstanceInfo.ACTIVE;
  private int restarts;
  private long seq;

  InstanceStatus(EventBus bus, SlotSpec spec, Map<String, String> sessions) {
    this.bus = bus;
    this.spec = spec;
    this.sessions = sessions;
  }

  InstanceInfo info() {
    return new InstanceInfo(spec.id(), spec.definition().name(), spec.definition().version(), spec.node(),
        state, sessions.size(), spec.capacity(), restarts, spec.deployOrder(), seq);
  }

  void report() {
    seq++;
    bus.publish(Addresses.REGISTRY, new RegistryEvent.InstanceReport(info(), spec.replaces()));
  }

  /** The instance is no more (undeployed). */
  void reportGone() {
    bus.publish(Addresses.REGISTRY, new RegistryEvent.InstanceGone(spec.id(), spec.node()));
  }

  /** One of the {@link InstanceInfo} states. */
  String state() {
    return state;
  }

  boolean is(String state) {
    return this.state.equals(state);
  }

  void state(String state) {
    this.state = state;
  }

  void restarted() {
    restarts++;
  }
}
