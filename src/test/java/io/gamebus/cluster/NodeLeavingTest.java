package io.gamebus.cluster;

import static io.gamebus.testing.TestCluster.game;
import static io.gamebus.testing.TestCluster.games;
import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.testing.RequestsInFlight;
import io.gamebus.testing.TestClient;
import io.gamebus.testing.TestCluster;
import io.gamebus.testing.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Clustered nodes in this JVM; one of them stops gracefully, as at SIGTERM, while its players are busy. */
@DisplayName("A node leaving the cluster gracefully")
class NodeLeavingTest {
  private final TestCluster cluster = new TestCluster();
  private final List<TestClient> players = new ArrayList<>();

  @AfterEach
  void stop() {
    players.forEach(TestClient::close);
    cluster.close();
  }

  @Test
  @DisplayName("answers every request its instance's players keep in flight as they move to another node")
  void answersEveryRequestInFlight() throws Exception {
    cluster.start("leaving", List.of("gateway", "games"), games(game("echo", 1)));
    // Requests flow as fast as answers come: keep the rate limit out of the way.
    TestNode gateway = cluster.start("g", List.of("gateway"), new JsonArray(), new JsonObject()
        .put("gateway", new JsonObject().put("maxMessagesPerSecond", 1_000_000)));
    cluster.awaitMembers(2);
    for (int i = 0; i < 12; i++) {
      TestClient player = gateway.tcp();
      players.add(player);
      assertThat(player.hello("echo").getString("node")).isEqualTo("leaving");
    }
    cluster.start("stays", List.of("games"), games(game("echo", 1)));
    cluster.awaitMembers(3);

    assertThat(RequestsInFlight.across(players, "echo", () -> cluster.stop("leaving"))).isEmpty();
  }
}
