package io.gamebus.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Clustered gamebus nodes, each a process of its own ({@link NodeProcess}), on free loopback
 * ports: for faults that must be real (SIGKILL, SIGTERM, a node started again under the same
 * id with the same configuration). Every node has both roles and the same games.
 */
public final class ProcessCluster implements AutoCloseable {
  public static final String TOKEN = "t";

  private final Path dir;
  private final String name = "faults-" + Long.toHexString(System.nanoTime());
  private final Map<String, JsonObject> configs = new LinkedHashMap<>();
  private final Map<String, NodeProcess> running = new LinkedHashMap<>();

  /**
   * Configures nodes {@code ids}, all members of one cluster; {@code overrides} is merged over
   * every node's configuration (games, gateway and cluster settings).
   */
  public ProcessCluster(Path dir, JsonObject overrides, String... ids) {
    this.dir = dir;
    List<Integer> clusterPorts = new ArrayList<>();
    for (String ignored : ids) {
      clusterPorts.add(FreePorts.next());
    }
    JsonArray members = new JsonArray();
    clusterPorts.forEach(p -> members.add("127.0.0.1:" + p));
    for (int i = 0; i < ids.length; i++) {
      JsonObject config = new JsonObject()
          .put("node", new JsonObject().put("id", ids[i]).put("roles", new JsonArray().add("gateway").add("games")))
          .put("gateway", new JsonObject().put("host", "127.0.0.1").put("tcpPort", FreePorts.next())
              .put("httpPort", FreePorts.next()).put("resumeSeconds", 30))
          .put("admin", new JsonObject().put("port", FreePorts.next()).put("token", TOKEN))
          .put("cluster", new JsonObject().put("name", name).put("port", clusterPorts.get(i)).put("members", members))
          .mergeIn(overrides.copy(), true);
      configs.put(ids[i], config);
    }
  }

  /** Starts these nodes (all of them when none is named) and waits until each says ready. */
  public ProcessCluster start(String... ids) {
    List<String> starting = ids.length == 0 ? List.copyOf(configs.keySet()) : List.of(ids);
    for (String id : starting) {
      running.put(id, NodeProcess.start(id, configs.get(id), dir, true));
    }
    starting.forEach(id -> running.get(id).awaitReady());
    return this;
  }

  public NodeProcess node(String id) {
    return running.get(id);
  }

  public AdminClient admin(String id) {
    return new AdminClient(running.get(id).adminPort(), TOKEN);
  }

  public TestClient tcp(String id) {
    return TestClient.tcp(running.get(id).tcpPort());
  }

  /** SIGKILL. */
  public void kill(String id) {
    running.remove(id).kill();
  }

  /** SIGTERM; the exit status, or -1 if the process did not exit within {@code seconds}. */
  public int terminate(String id, long seconds) {
    return running.remove(id).terminate(seconds);
  }

  @Override
  public void close() {
    running.values().forEach(NodeProcess::kill);
    running.clear();
  }
}
