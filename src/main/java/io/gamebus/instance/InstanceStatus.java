package io.gamebus.instance;

import io.gamebus.bus.Addresses;
import io.gamebus.bus.InstanceInfo;
import io.gamebus.bus.RegistryEvent;
import io.vertx.core.eventbus.EventBus;

/**
 * An instance as the registry sees it: its state, its player count, its restarts. Reported on
 * every change so that placement works from the instance as it is, each report with a higher
 * {@code seq} so that a stale one loses; the node's slots ({@code InstanceSlots}) repeat the last one as
 * the instance's heartbeat. Lives on its slot's event loop.
 */
final class InstanceStatus {
  private final EventBus bus;
  private final SlotSpec spec;
  private final SlotSessions sessions;
  private String state = InstanceInfo.ACTIVE;
  private int restarts;
  private long seq;
  private boolean gone;
  /** The last report, for the supervisor's heartbeat (read from its thread). */
  private volatile RegistryEvent.InstanceReport reported;

  InstanceStatus(EventBus bus, SlotSpec spec, SlotSessions sessions) {
    this.bus = bus;
    this.spec = spec;
    this.sessions = sessions;
  }

  InstanceInfo info() {
    return new InstanceInfo(spec.id(), spec.definition().name(), spec.definition().version(), spec.node(),
        state, sessions.count(), spec.capacity(), restarts, spec.deployOrder(), seq);
  }

  void report() {
    if (gone) {
      return; // leaving: a report now would list it again
    }
    seq++;
    reported = new RegistryEvent.InstanceReport(info(), spec.replaces());
    bus.publish(Addresses.REGISTRY, reported);
  }

  /** The last report (null before the first); safe from any thread. */
  RegistryEvent.InstanceReport lastReport() {
    return reported;
  }

  /** The instance is no more (undeployed), or leaving. */
  void reportGone() {
    gone = true;
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
