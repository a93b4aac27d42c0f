package io.gamebus.protocol;

/** Why a session was {@code moved}; the wire name is the lower-case constant name. */
public enum MoveReason {
  /** A new version of the game took over (migrate, drain deadline, or retire). */
  HOTSWAP,
  /** The instance crashed, hung, or was restarted by an operator. */
  CRASH,
  /** Load was evened out between instances. */
  REBALANCE,
  /** The node running the instance left the cluster without saying goodbye. */
  NODE_LOST,
  /** The node running the instance is shutting down gracefully. */
  SHUTDOWN;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
