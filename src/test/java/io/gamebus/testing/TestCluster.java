package io.gamebus.testing;

import io.gamebus.config.GamebusConfig;
import io.gamebus.node.ClusteredNode;
import io.gamebus.node.Node;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Clustered gamebus nodes in this JVM, each with its own Vert.x and Hazelcast member on free
 * loopback ports, joined by TCP-IP. Add nodes, stop or crash them, close all at the end.
 */
public final class TestCluster implements AutoCloseable {
  private final String name = "test-" + Long.toHexString(System.nanoTime());
  private final List<Integer> clusterPorts = new ArrayList<>();
  private final Map<String, TestNode> nodes = new LinkedHashMap<>();

  /** Starts a node with these roles and game entries; it joins the nodes started before it. */
  public TestNode start(String id, List<String> roles, JsonArray games) {
    return start(id, roles, games, new JsonObject());
  }

  /** {@link #start(String, List, JsonArray)} with {@code overrides} merged over its configuration. */
  public TestNode start(String id, List<String> roles, JsonArray games, JsonObject overrides) {
    int port = FreePorts.next();
    clusterPorts.add(port);
    JsonArray members = new JsonArray();
    clusterPorts.forEach(p -> members.add("127.0.0.1:" + p));
    JsonObject json = new JsonObject()
        .put("node", new JsonObject().put("id", id).put("roles", new JsonArray(roles)))
        .put("gateway", new JsonObject().put("host", "127.0.0.1").put("tcpPort", 0).put("httpPort", 0)
            .put("resumeSeconds", 10))
        .put("admin", new JsonObject().put("port", 0).put("token", TestNode.TOKEN))
        .put("cluster", new JsonObject().put("name", name).put("port", port).put("members", members))
        .put("supervisor", new JsonObject().put("hangMs", 1000))
        .put("games", games)
        .mergeIn(overrides, true);
    Node node = TestNode.await(ClusteredNode.start(GamebusConfig.from(json, null)).toCompletionStage().toCompletableFuture());
    TestNode started = TestNode.of(node);
    nodes.put(id, started);
    return started;
  }

  public TestNode node(String id) {
    return nodes.get(id);
  }

  /** Stops a node gracefully, as SIGTERM does, and forgets it. */
  public void stop(String id) {
    nodes.remove(id).stop();
  }

  /** Waits until every node's registry lists {@code count} nodes. */
  public void awaitMembers(int count) {
    long deadline = System.currentTimeMillis() + 30_000;
    for (TestNode node : nodes.values()) {
      while (new JsonObject(node.admin().get("/admin/cluster").body()).getJsonArray("nodes").size() < count) {
        if (System.currentTimeMillis() > deadline) {
          throw new AssertionError("cluster did not reach " + count + " nodes");
        }
        sleep(50);
      }
    }
  }

  public static JsonArray games(JsonObject... entries) {
    JsonArray games = new JsonArray();
    for (JsonObject entry : entries) {
      games.add(entry);
    }
    return games;
  }

  public static JsonObject game(String name, int instances) {
    return new JsonObject().put("name", name).put("instances", instances).put("capacity", 1000).put("snapshotMs", 100);
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    nodes.values().forEach(TestNode::close);
  }
}
