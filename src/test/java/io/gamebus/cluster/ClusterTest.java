package io.gamebus.cluster;

import static io.gamebus.testing.TestCluster.game;
import static io.gamebus.testing.TestCluster.games;
import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.hotswap.TestJar;
import io.gamebus.testing.TestClient;
import io.gamebus.testing.TestCluster;
import io.gamebus.testing.TestNode;
import io.gamebus.testing.games.Counter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three clustered nodes in one JVM on real Hazelcast: g (gateway only), a (gateway and games),
 * b (games only). Tests that change the membership add and remove nodes of their own.
 */
@DisplayName("A cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {
  static TestCluster cluster;
  static TestNode g;
  static TestNode a;

  @BeforeAll
  static void start() {
    cluster = new TestCluster();
    g = cluster.start("g", List.of("gateway"), new JsonArray());
    a = cluster.start("a", List.of("gateway", "games"), games(game("echo", 1)));
    cluster.start("b", List.of("games"), games(game("echo", 1)));
    cluster.awaitMembers(3);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  @Order(1)
  @DisplayName("places sessions from a gateway-only node on instances of other nodes, spread over them")
  void placesAcrossNodes() {
    Set<String> nodes = new HashSet<>();
    List<TestClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 10; i++) {
        TestClient client = g.tcp();
        clients.add(client);
        JsonObject welcome = client.hello("echo");
        nodes.add(welcome.getString("node"));
        JsonObject reply = client.request(2, "echo", new JsonObject().put("i", i));
        assertThat(reply.getJsonObject("body").getInteger("i")).isEqualTo(i);
      }
    } finally {
      clients.forEach(TestClient::close);
    }
    assertThat(nodes).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  @Order(2)
  @DisplayName("resumes a session on another node's gateway")
  void resumesOnAnotherGateway() {
    JsonObject welcome;
    try (TestClient first = g.ws()) {
      welcome = first.hello("echo");
      first.request(2, "echo", new JsonObject());
    }
    try (TestClient second = a.tcp()) {
      second.send(new JsonObject().put("type", "hello").put("resume", welcome.getString("resume")).put("id", 3));
      JsonObject resumed = second.next("welcome");
      assertThat(resumed.getString("session")).isEqualTo(welcome.getString("session"));
      assertThat(resumed.getBoolean("resumed")).isTrue();
      assertThat(second.request(4, "echo", new JsonObject().put("back", true)).getJsonObject("body"))
          .isEqualTo(new JsonObject().put("back", true));
    }
  }

  @Test
  @Order(3)
  @DisplayName("deploys an uploaded version on every games node, and moves players on every node")
  void deploysEverywhere() {
    HttpResponse<String> first = g.admin().post("/admin/games", counter("1.0.0"));
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    JsonArray instances = new JsonObject(first.body()).getJsonArray("instances");
    assertThat(instances.stream().map(i -> ((JsonObject) i).getString("node"))).containsExactlyInAnyOrder("a", "b");
    try (TestClient player = g.tcp()) {
      player.hello("counter");
      player.request(2, "add", new JsonObject());
      HttpResponse<String> second = a.admin().post("/admin/games", counter("2.0.0"));
      assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
      assertThat(player.next("moved").getString("version")).isEqualTo("2.0.0");
      JsonObject state = player.request(3, "get", new JsonObject()).getJsonObject("body");
      assertThat(state.getLong("count")).isEqualTo(1);
      assertThat(state.getString("version")).isEqualTo("2.0.0");
    }
  }

  @Test
  @Order(4)
  @DisplayName("starts the current uploaded versions on a node that joins later")
  void lateJoinerRunsCurrentVersions() {
    TestNode late = cluster.start("late", List.of("games"), new JsonArray());
    cluster.awaitMembers(4);
    JsonObject node = new JsonObject(late.admin().get("/admin/cluster").body()).getJsonArray("nodes").stream()
        .map(JsonObject.class::cast).filter(n -> "late".equals(n.getString("id"))).findFirst().orElseThrow();
    assertThat(node.getJsonArray("instances").stream().map(i -> ((JsonObject) i).getString("game") + " "
        + ((JsonObject) i).getString("version"))).containsExactly("counter 2.0.0");
    cluster.stop("late");
  }

  @Test
  @Order(5)
  @DisplayName("moves a leaving node's players, with their state, to another node before it exits")
  void gracefulLeaveMovesPlayers() {
    TestNode leaving = cluster.start("leaving", List.of("games"), games(game("arena", 1)));
    cluster.awaitMembers(4);
    try (TestClient player = g.tcp()) {
      JsonObject welcome = player.hello("arena");
      assertThat(welcome.getString("node")).isEqualTo("leaving");
      player.request(2, "name", new JsonObject().put("name", "Stayer"));
      cluster.stop("leaving");
      JsonObject moved = player.next("moved");
      assertThat(moved.getString("reason")).isEqualTo("shutdown");
      assertThat(moved.getString("node")).isIn("a", "b");
      JsonObject state = player.request(3, "state", new JsonObject()).getJsonObject("body");
      assertThat(state.getJsonObject("players").getJsonObject(welcome.getString("session")).getString("name"))
          .isEqualTo("Stayer");
      assertThat(player.isClosed()).isFalse();
    }
  }

  static byte[] counter(String version) {
    return TestJar.game("counter", version, Counter.class).bytes();
  }
}
