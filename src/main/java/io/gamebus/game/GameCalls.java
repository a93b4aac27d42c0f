package io.gamebus.game;

import io.gamebus.bus.InstanceBound;

/**
 * Runs each call into one game and remembers the one under way, so that a failure names where
 * it happened (the hook, the player, the message): a throw from the call's own thread, a hang
 * from the pool's {@link HangWatchdog}, which finds the game stuck in it.
 */
final class GameCalls {
  private final String instanceId;
  /** The game call under way (null between calls: then a hang is in the game's own timer or handler). */
  private volatile String hook;
  private volatile Object item;
  /** Calls made so far; one writer, the game's lane. */
  private volatile long count;

  GameCalls(String instanceId) {
    this.instanceId = instanceId;
  }

  /**
   * Runs one call into the game; the failure if it threw.
   *
   * @param item the mailbox item the call is for, or null
   */
  GameFailure run(String hook, Object item, Runnable body) {
    this.item = item;
    this.hook = hook;
    count++;
    try {
      body.run();
      return null;
    } catch (Throwable t) {
      return failure(hook, item, t);
    } finally {
      this.hook = null;
      this.item = null;
    }
  }

  /** How many calls were made so far. */
  long count() {
    return count;
  }

  /** The mailbox item of the call under way, or null. */
  Object current() {
    return item;
  }

  /** The game is stuck: in the call under way, or else in one of its own timers or handlers. */
  GameFailure hung() {
    String stuckIn = hook;
    return failure(stuckIn == null ? "timer" : stuckIn, item, null);
  }

  /** A game's own timer or handler threw: the same crash as a throw from a hook. */
  GameFailure timerThrew(Throwable cause) {
    return new GameFailure("timer", instanceId, null, 0, null, cause);
  }

  private GameFailure failure(String hook, Object item, Throwable cause) {
    if (item instanceof InstanceBound.Deliver deliver) {
      return new GameFailure(hook, instanceId, deliver.session(), deliver.requestId(), deliver.route(), cause);
    }
    if (item instanceof InstanceBound.Join join) {
      return new GameFailure(hook, instanceId, join.session(), 0, null, cause);
    }
    if (item instanceof InstanceBound.Leave leave) {
      return new GameFailure(hook, instanceId, leave.session(), 0, null, cause);
    }
    return new GameFailure(hook, instanceId, null, 0, null, cause);
  }
}
