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

  /** What is known of an instance, or null. */
  InstanceInfo instance(String instanceId);

  /** The join to {@code instanceId} finished; {@code answer} is the instance's new state, or null if refused. */
  void settle(String instanceId, InstanceInfo answer);
}
