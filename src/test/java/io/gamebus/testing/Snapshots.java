package io.gamebus.testing;

/** Waits for a node's game snapshots to reach the cluster's store, seen in its {@code /metrics}. */
public final class Snapshots {
  private Snapshots() {
  }

  /**
   * Waits until the node has stored two snapshots of {@code game} since this call. The second
   * was taken after the first was stored, so after this call: it holds everything the game did
   * before (the first may have been under way already). An idle game takes no snapshot, so
   * {@code poke} is called after the first, to give it something to do (for a game that keeps
   * changing, such as the arena, nothing is needed).
   */
  public static void awaitFresh(AdminClient node, String game, Runnable poke) {
    String sample = "gamebus_snapshots_total{game=\"" + game + "\"}";
    double before = node.metric(sample);
    TestNode.await("a snapshot of " + game + " stored", () -> node.metric(sample) >= before + 1);
    poke.run();
    TestNode.await("a snapshot of " + game + " taken after this call stored", () -> node.metric(sample) >= before + 2);
  }
}
