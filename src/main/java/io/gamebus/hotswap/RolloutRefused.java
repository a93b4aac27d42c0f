package io.gamebus.hotswap;

/** A hot swap refused before anything changed; the message says what to do instead. */
public final class RolloutRefused extends RuntimeException {

  /** Why a swap was refused. */
  public enum Reason {
    /** The uploaded jar could not be checked (not because it is invalid: that is {@link InvalidGameJarException}). */
    UNREADABLE,
    /** That version of the game already runs somewhere in the cluster. */
    ALREADY_RUNNING,
    /** No node with the {@code games} role is up to run the game. */
    NO_GAMES_NODE,
    /** The version to retire runs nowhere. */
    NOT_RUNNING,
    /** The version to retire is the game's only active one: its players would have nowhere to go. */
    ONLY_ACTIVE_VERSION
  }

  private final Reason reason;

  RolloutRefused(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
