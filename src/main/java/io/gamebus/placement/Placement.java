package io.gamebus.placement;

import io.gamebus.bus.InstanceInfo;
import io.gamebus.protocol.ErrorCode;

/** Chooses the instance a new session goes to. */
public interface Placement {

  /** A choice: an instance, or the error the client gets. */
  record Choice(InstanceInfo instance, ErrorCode error, String message) {
    static Choice of(InstanceInfo instance) {
      return new Choice(instance, null, null);
    }

    static Choice refuse(ErrorCode error, String message) {
      return new Choice(null, error, message);
    }

    public boolean placed() {
      return instance != null;
    }
  }

  /**
   * Picks an active instance of {@code game} and counts the placement as in flight until
   * {@link #settle} is called with the instance's answer.
   */
  Choice choose(String game);

  /**
   * Where the players of an instance are now: the instance, or the one that took them over
   * after it was lost with its node; null while none is known.
   */
  InstanceInfo current(String instanceId);

  /** Whether a node is a live member of the cluster, as far as this node has heard. */
  boolean knowsNode(String nodeId);

  /** The join to {@code instanceId} finished; {@code answer} is the instance's new state, or null if refused. */
  void settle(String instanceId, InstanceInfo answer);
}
