package io.gamebus.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.testing.TestClient;
import io.gamebus.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Many hellos at once")
class PlacementSpreadTest {
  static final int INSTANCES = 4;
  static final int CAPACITY = 100;
  static final int CLIENTS = 200;
  static TestNode node;
  static Vertx clients;

  @BeforeAll
  static void start() {
    node = TestNode.start(TestNode.echo(INSTANCES, CAPACITY));
    clients = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    TestNode.await("clients closed", () -> clients.close().isComplete());
    node.close();
  }

  @Test
  @DisplayName("spread evenly over the game's instances, none over capacity, as the admin API reports")
  void spreadEvenly() {
    List<TestClient> players = new ArrayList<>();
    try {
      for (int i = 0; i < CLIENTS; i++) {
        players.add(TestClient.connect(clients, i % 2 == 0 ? TestClient.Kind.TCP : TestClient.Kind.WS,
            node.node().tcpPort(), node.node().httpPort()));
      }
      for (TestClient player : players) {
        player.send(new JsonObject().put("type", "hello").put("game", "echo").put("id", 1));
      }
      Map<String, Integer> welcomed = new HashMap<>();
      for (TestClient player : players) {
        JsonObject welcome = player.next();
        assertThat(welcome.getString("type")).as("answer %s", welcome).isEqualTo("welcome");
        welcomed.merge(welcome.getString("instance"), 1, Integer::sum);
      }
      assertThat(welcomed).hasSize(INSTANCES);

      JsonArray instances = new JsonObject(node.admin().get("/admin/games").body()).getJsonArray("games")
          .getJsonObject(0).getJsonArray("versions").getJsonObject(0).getJsonArray("instances");
      Map<String, Integer> sessions = new HashMap<>();
      instances.forEach(i -> sessions.put(((JsonObject) i).getString("id"), ((JsonObject) i).getInteger("sessions")));
      assertThat(sessions).isEqualTo(welcomed);
      assertThat(sessions.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(CLIENTS);
      int mean = CLIENTS / INSTANCES;
      assertThat(sessions.values()).allSatisfy(n -> assertThat(n).isBetween(mean - 10, mean + 10).isLessThanOrEqualTo(CAPACITY));
    } finally {
      players.forEach(TestClient::close);
    }
  }
}
