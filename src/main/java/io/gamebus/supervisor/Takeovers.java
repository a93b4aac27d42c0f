package io.gamebus.supervisor;

import io.gamebus.instance.InstanceSlot;
import io.gamebus.instance.InstanceSlots;
import io.gamebus.placement.InstanceDirectory;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the cluster settles back to its configured shape: an instance taken over from another
 * node keeps taking that node's players for the resume window (their gateways, and clients
 * resuming, bring them); after that, once the node is back, it takes no new players and is
 * retired when its last one leaves. While the node stays away it serves like any other. Used on
 * the supervisor's event loop.
 */
final class Takeovers {
  private static final Logger LOG = LoggerFactory.getLogger(Takeovers.class);

  private final InstanceSlots slots;
  private final InstanceDirectory directory;
  private final long resumeMs;
  /** Taken-over instances already settling (draining until empty). */
  private final Set<String> settling = new HashSet<>();

  Takeovers(InstanceSlots slots, InstanceDirectory directory, int resumeSeconds) {
    this.slots = slots;
    this.directory = directory;
    this.resumeMs = TimeUnit.SECONDS.toMillis(resumeSeconds);
  }

  /** Settles every taken-over instance whose resume window is over and whose node is back. */
  void settle() {
    long now = System.currentTimeMillis();
    settling.removeIf(id -> slots.get(id) == null);
    for (InstanceSlot slot : slots.all()) {
      if (slot.origin() == null || settling.contains(slot.id())) {
        continue;
      }
      InstanceDirectory.Node origin = directory.node(slot.origin());
      if (now - slot.createdAt() < resumeMs || origin == null || origin.leaving()) {
        continue;
      }
      LOG.info("node {} is back: instance {}, taken over from it, takes no new players and retires once empty",
          slot.origin(), slot.id());
      settling.add(slot.id());
      slot.drainUntilEmpty().compose(v -> slots.undeploy(slot));
    }
  }
}
