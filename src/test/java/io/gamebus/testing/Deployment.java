package io.gamebus.testing;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Gamebus as a {@link Bus} runs it: the node clients connect to ({@link #gateway()}) and the node
 * running the games ({@link #games()}), the same node on a local bus. The games node has the id
 * {@code n1} either way, so instance ids read the same in both.
 */
public final class Deployment implements AutoCloseable {
  private final TestNode gateway;
  private final TestNode games;
  private final AutoCloseable resources;

  private Deployment(TestNode gateway, TestNode games, AutoCloseable resources) {
    this.gateway = gateway;
    this.games = games;
    this.resources = resources;
  }

  static Deployment local(JsonObject overrides) {
    TestNode node = TestNode.start(overrides);
    return new Deployment(node, node, node);
  }

  static Deployment clustered(JsonObject overrides) {
    TestCluster cluster = new TestCluster();
    try {
      TestNode games = cluster.start("n1", List.of("games"), overrides.getJsonArray("games"), overrides);
      TestNode gateway = cluster.start("g1", List.of("gateway"), overrides.getJsonArray("games"), overrides);
      cluster.awaitMembers(2);
      return new Deployment(gateway, games, cluster);
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** The node clients connect to. */
  public TestNode gateway() {
    return gateway;
  }

  /** The node running the game instances. */
  public TestNode games() {
    return games;
  }

  @Override
  public void close() {
    try {
      resources.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
