package io.gamebus.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.hotswap.TestJar;
import io.gamebus.hotswap.games.SwapCounter;
import io.gamebus.testing.ProcessCluster;
import io.gamebus.testing.TestClient;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node killed while it runs a version the cluster has moved on from (a drain under way). */
@DisplayName("A lost instance of an older version")
class LostOldVersionTest {
  @TempDir
  Path dir;
  private ProcessCluster cluster;
  private final List<TestClient> clients = new ArrayList<>();

  @AfterEach
  void stop() {
    clients.forEach(TestClient::close);
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @DisplayName("is taken over on a node that no longer has that version: its players move, with their state, to the current one")
  void takenOverByTheCurrentVersion() {
    cluster = new ProcessCluster(dir, new JsonObject(), "a", "b").start();
    assertThat(cluster.admin("b").post("/admin/games", counter("1.0.0")).statusCode()).isEqualTo(200);
    TestClient player = null;
    for (int i = 0; i < 20 && player == null; i++) {
      TestClient client = TestClient.tcp(cluster.node("b").tcpPort());
      clients.add(client);
      if ("a".equals(client.hello("counter").getString("node"))) {
        player = client;
      } else {
        client.send(new JsonObject().put("type", "bye")); // b's 1.0.0 instance is left empty
      }
    }
    assertThat(player).as("a session on a's instance").isNotNull();
    player.request(2, "add", new JsonObject());
    HttpResponse<String> swap = cluster.admin("b").post("/admin/games?mode=drain&drainSeconds=300", counter("2.0.0"));
    assertThat(swap.statusCode()).as(swap.body()).isEqualTo(200); // b retires its empty 1.0.0 at once
    TestClient.pause(1_500); // a snapshot of a's draining 1.0.0 instance (uploaded games: every 1 s)

    cluster.kill("a");
    JsonObject moved = player.next("moved");
    assertThat(moved.getString("reason")).isEqualTo("node_lost");
    assertThat(moved.getString("version")).isEqualTo("2.0.0");
    JsonObject state = player.request(3, "get", new JsonObject());
    assertThat(state.getString("type")).as("answer after the move: %s", state).isEqualTo("reply");
    assertThat(state.getJsonObject("body").getInteger("count")).as("the count carried over").isEqualTo(1);
  }

  private static byte[] counter(String version) {
    return TestJar.game("counter", version, SwapCounter.class).bytes();
  }
}
