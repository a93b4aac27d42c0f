package io.gamebus.cluster;

import java.util.function.Consumer;

/** Which cluster member this node is, and news of members that left. */
public interface Membership {

  /** Not clustered: no member id, nobody ever leaves. */
  Membership NONE = new Membership() {
    @Override
    public String self() {
      return null;
    }

    @Override
    public void onLeft(Consumer<String> member) {
      // a single node has no peers to lose
    }
  };

  /** This node's member id, or null when not clustered. */
  String self();

  /** Calls {@code member} with the id of every member that leaves the cluster, on some thread. */
  void onLeft(Consumer<String> member);
}
