package io.gamebus.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.testing.AdminClient;
import io.gamebus.testing.FreePorts;
import io.gamebus.testing.NodeProcess;
import io.gamebus.testing.Snapshots;
import io.gamebus.testing.TestClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three node processes in a real cluster; one of them is killed with SIGKILL. */
@DisplayName("A node killed outright")
class NodeLossTest {
  @TempDir
  static Path dir;
  static final Map<String, NodeProcess> nodes = new LinkedHashMap<>();

  @BeforeAll
  static void start() {
    List<Integer> clusterPorts = List.of(FreePorts.next(), FreePorts.next(), FreePorts.next());
    JsonArray members = new JsonArray();
    clusterPorts.forEach(p -> members.add("127.0.0.1:" + p));
    String[] ids = {"g", "a", "b"};
    String name = "loss-" + Long.toHexString(System.nanoTime());
    for (int i = 0; i < ids.length; i++) {
      JsonArray roles = i == 0 ? new JsonArray().add("gateway") : new JsonArray().add("gateway").add("games");
      JsonObject config = new JsonObject()
          .put("node", new JsonObject().put("id", ids[i]).put("roles", roles))
          .put("gateway", new JsonObject().put("host", "127.0.0.1").put("tcpPort", FreePorts.next())
              .put("httpPort", FreePorts.next()).put("resumeSeconds", 30)
              // Far beyond the test's waits: a request answered only by its timeout fails it.
              .put("requestTimeoutMs", 60_000))
          .put("admin", new JsonObject().put("port", FreePorts.next()).put("token", "t"))
          .put("cluster", new JsonObject().put("name", name).put("port", clusterPorts.get(i)).put("members", members))
          .put("games", new JsonArray().add(new JsonObject().put("name", "arena").put("instances", 1)
              .put("capacity", 100).put("snapshotMs", 100)));
      nodes.put(ids[i], NodeProcess.start(ids[i], config, dir, true));
    }
    nodes.values().forEach(NodeProcess::awaitReady);
  }

  @AfterAll
  static void stop() {
    nodes.values().forEach(NodeProcess::kill);
  }

  @Test
  @DisplayName("loses no player: its instances' players move with their state, its gateway's clients resume elsewhere")
  void losesNoPlayer() {
    NodeProcess g = nodes.get("g");
    try (TestClient player = TestClient.tcp(g.tcpPort())) {
      JsonObject welcome = player.hello("arena");
      String victim = welcome.getString("node");
      player.request(2, "name", new JsonObject().put("name", "Survivor"));
      try (TestClient viaVictim = TestClient.tcp(nodes.get(victim).tcpPort())) {
        JsonObject other = viaVictim.hello("arena");
        viaVictim.request(2, "name", new JsonObject().put("name", "Walker"));
        Snapshots.awaitFresh(new AdminClient(nodes.get(victim).adminPort(), "t"), "arena", () -> { });
        long killedAt = System.nanoTime();
        nodes.get(victim).kill();
        player.send(new JsonObject().put("type", "msg").put("route", "state").put("id", 4).put("body", new JsonObject()));

        // Sent into the outage, the request is answered: game_error if it reached the dead node
        // (at once, when the loss is known), else a reply from the instance running again.
        JsonObject moved = null;
        JsonObject answer = null;
        long recoveredMs = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while ((moved == null || answer == null) && System.nanoTime() < deadline) {
          JsonObject message = player.poll(100);
          if (message == null) {
            continue;
          }
          if ("moved".equals(message.getString("type"))) {
            moved = message;
            recoveredMs = (System.nanoTime() - killedAt) / 1_000_000;
          } else if (Long.valueOf(4).equals(message.getLong("id"))) {
            answer = message;
          }
        }
        assertThat(moved).as("moved after the kill").isNotNull();
        assertThat(answer).as("an answer to the request sent into the outage").isNotNull();
        assertThat("reply".equals(answer.getString("type")) || "game_error".equals(answer.getString("code")))
            .as("the request sent into the outage got a reply or game_error: %s", answer).isTrue();
        assertThat(moved.getString("reason")).isEqualTo("node_lost");
        assertThat(moved.getString("node")).isNotEqualTo(victim);
        assertThat(recoveredMs).as("kill to moved, ms").isLessThan(15_000);
        JsonObject state = player.request(3, "state", new JsonObject()).getJsonObject("body");
        assertThat(state.getJsonObject("players").getJsonObject(welcome.getString("session")).getString("name"))
            .isEqualTo("Survivor");

        try (TestClient back = TestClient.tcp(g.tcpPort())) {
          back.send(new JsonObject().put("type", "hello").put("resume", other.getString("resume")).put("id", 9));
          JsonObject resumed = back.next("welcome");
          assertThat(resumed.getString("session")).isEqualTo(other.getString("session"));
          assertThat(resumed.getBoolean("resumed")).isTrue();
          JsonObject again = back.request(10, "state", new JsonObject()).getJsonObject("body");
          assertThat(again.getJsonObject("players").getJsonObject(other.getString("session")).getString("name"))
              .isEqualTo("Walker");
        }
      }
    }
  }
}
