package io.gamebus.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.testing.AdminClient;
import io.gamebus.testing.TestClient;
import io.gamebus.testing.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The admin API")
class AdminApiTest {
  static final List<String> INSTANCE_FIELDS = List.of("id", "game", "version", "node", "state", "sessions", "capacity", "restarts");
  static TestNode node;
  static AdminClient admin;

  @BeforeAll
  static void start() {
    node = TestNode.start(TestNode.echo(2, 100));
    admin = node.admin();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static JsonObject json(HttpResponse<String> response) {
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    return new JsonObject(response.body());
  }

  private static JsonArray echoInstances() {
    JsonObject games = json(admin.get("/admin/games"));
    return games.getJsonArray("games").getJsonObject(0).getJsonArray("versions").getJsonObject(0).getJsonArray("instances");
  }

  private static JsonObject instance(String id) {
    for (Object instance : echoInstances()) {
      if (id.equals(((JsonObject) instance).getString("id"))) {
        return (JsonObject) instance;
      }
    }
    throw new AssertionError("no instance " + id + " in /admin/games");
  }

  private static void assertInstanceShape(JsonObject instance) {
    assertThat(instance.fieldNames()).containsExactlyInAnyOrderElementsOf(INSTANCE_FIELDS);
    assertThat(instance.getString("id")).startsWith("echo-n1-");
    assertThat(instance.getString("game")).isEqualTo("echo");
    assertThat(instance.getString("version")).isEqualTo("1.0.0");
    assertThat(instance.getString("node")).isEqualTo("n1");
    assertThat(instance.getString("state")).isEqualTo("active");
    assertThat(instance.getInteger("sessions")).isNotNegative();
    assertThat(instance.getInteger("capacity")).isEqualTo(100);
    assertThat(instance.getInteger("restarts")).isNotNegative();
  }

  @Nested
  @DisplayName("without a token")
  class Open {

    @Test
    @DisplayName("answers GET /health with 200 and status UP")
    void health() {
      HttpResponse<String> response = admin.getWithoutToken("/health");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(response.body()).getString("status")).isEqualTo("UP");
    }

    @Test
    @DisplayName("answers GET /ready with 200 once the node has started")
    void ready() {
      HttpResponse<String> response = admin.getWithoutToken("/ready");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(json(response).getString("status")).isEqualTo("UP");
    }

    @Test
    @DisplayName("reports its own Vert.x meters in /metrics, even with another node in the same JVM")
    void ownMeters() {
      try (TestNode other = TestNode.start(TestNode.echo(1, 10)); TestClient client = other.tcp()) {
        client.hello("echo");
        double mine = node.metric("vertx_net_server_active_connections");
        assertThat(other.metric("vertx_net_server_active_connections")).isEqualTo(1);
        assertThat(other.metric("gamebus_connections")).isEqualTo(1);
        assertThat(node.metric("vertx_net_server_active_connections")).isEqualTo(mine);
      }
    }

    @Test
    @DisplayName("lists every game's restarts in /metrics from the start, at 0 before any restart")
    void restartsFromTheStart() {
      try (TestNode fresh = TestNode.start(TestNode.echo(1, 10))) {
        assertThat(fresh.admin().getWithoutToken("/metrics").body()).contains("gamebus_restarts_total{game=\"echo\"} 0");
      }
    }

    @Test
    @DisplayName("answers GET /metrics in Prometheus text format: sessions, messages, errors by code, instances, latency")
    void metrics() {
      try (TestClient client = node.tcp()) {
        client.hello("echo");
        assertThat(client.request(2, "r", new JsonObject()).getString("type")).isEqualTo("reply");
        client.send(new JsonObject().put("type", "hello").put("game", "nope").put("id", 3));
        assertThat(client.next().getString("code")).isEqualTo("bad_request"); // already has a session
        try (TestClient other = node.ws()) {
          other.send(new JsonObject().put("type", "hello").put("game", "nope").put("id", 1));
          assertThat(other.next().getString("code")).isEqualTo("no_game");
        }
        HttpResponse<String> response = admin.getWithoutToken("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(response.body()).contains("# TYPE gamebus_sessions gauge", "gamebus_messages_in_total",
            "gamebus_connections", "gamebus_request_latency_seconds_count", "gamebus_request_latency_seconds_bucket");
        assertThat(node.metric("gamebus_instances")).isEqualTo(2);
        assertThat(node.metric("gamebus_sessions")).isPositive();
        assertThat(node.metric("gamebus_messages_in_total")).isGreaterThanOrEqualTo(4);
        assertThat(node.metric("gamebus_errors_total{code=\"no_game\"}")).isGreaterThanOrEqualTo(1);
        assertThat(node.metric("gamebus_errors_total{code=\"bad_request\"}")).isGreaterThanOrEqualTo(1);
        assertThat(node.metric("gamebus_request_latency_seconds_count")).isGreaterThanOrEqualTo(1);
      }
    }
  }

  @Nested
  @DisplayName("under /admin")
  class Protected {

    @ParameterizedTest
    @ValueSource(strings = {"/admin/cluster", "/admin/games", "/admin/anything"})
    @DisplayName("answers 401 without a token or with a wrong one")
    void unauthorized(String path) {
      assertThat(admin.getWithoutToken(path).statusCode()).isEqualTo(401);
      HttpResponse<String> wrong = admin.withToken("not-the-token").get(path);
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(json(wrong).getString("error")).contains("Authorization: Bearer");
      assertThat(admin.withToken(TestNode.TOKEN + "x").get(path).statusCode()).isEqualTo(401);
      assertThat(admin.postWithoutToken("/admin/instances/echo-n1-1/restart").statusCode()).isEqualTo(401);
    }

    @Test
    @DisplayName("describes the cluster: every node with its id, roles and INSTANCE objects")
    void cluster() {
      HttpResponse<String> response = admin.get("/admin/cluster");
      assertThat(response.statusCode()).isEqualTo(200);
      JsonArray nodes = json(response).getJsonArray("nodes");
      assertThat(nodes).hasSize(1);
      JsonObject self = nodes.getJsonObject(0);
      assertThat(self.getString("id")).isEqualTo("n1");
      assertThat(self.getJsonArray("roles")).containsExactly("gateway", "games");
      JsonArray instances = self.getJsonArray("instances");
      assertThat(instances).hasSize(2);
      instances.forEach(i -> assertInstanceShape((JsonObject) i));
    }

    @Test
    @DisplayName("lists games by version with INSTANCE objects whose sessions count the players")
    void games() {
      HttpResponse<String> response = admin.get("/admin/games");
      assertThat(response.statusCode()).isEqualTo(200);
      JsonArray games = json(response).getJsonArray("games");
      assertThat(games).hasSize(1);
      JsonObject echo = games.getJsonObject(0);
      assertThat(echo.getString("name")).isEqualTo("echo");
      JsonArray versions = echo.getJsonArray("versions");
      assertThat(versions).hasSize(1);
      assertThat(versions.getJsonObject(0).getString("version")).isEqualTo("1.0.0");
      versions.getJsonObject(0).getJsonArray("instances").forEach(i -> assertInstanceShape((JsonObject) i));

      try (TestClient client = node.tcp()) {
        String id = client.hello("echo").getString("instance");
        int before = instance(id).getInteger("sessions");
        assertThat(before).isPositive();
        client.send(new JsonObject().put("type", "bye"));
        client.untilClosed();
        TestNode.await("the instance counts the player gone", () -> instance(id).getInteger("sessions") == before - 1);
      }
    }

    @Test
    @DisplayName("restarts an instance: 200 with the INSTANCE, restarts counted; its players are moved (reason crash) and carry on")
    void restart() {
      try (TestClient client = node.ws()) {
        JsonObject welcome = client.hello("echo");
        String id = welcome.getString("instance");
        int restarts = instance(id).getInteger("restarts");
        HttpResponse<String> response = admin.post("/admin/instances/" + id + "/restart", new byte[0]);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject after = json(response);
        assertInstanceShape(after);
        assertThat(after.getString("id")).isEqualTo(id);
        assertThat(after.getInteger("restarts")).isEqualTo(restarts + 1);
        assertThat(instance(id).getInteger("restarts")).isEqualTo(restarts + 1);

        JsonObject moved = client.next("moved");
        assertThat(moved.getString("instance")).isEqualTo(id);
        assertThat(moved.getString("version")).isEqualTo("1.0.0");
        assertThat(moved.getString("reason")).isEqualTo("crash");
        assertThat(client.request(5, "after-restart", new JsonObject().put("k", 1)).getString("type")).isEqualTo("reply");
        assertThat(node.metric("gamebus_restarts_total{game=\"echo\"}")).isGreaterThanOrEqualTo(1);

        assertThat(json(admin.post("/admin/instances/" + id + "/restart", new byte[0])).getInteger("restarts"))
            .isEqualTo(restarts + 2);
      }
    }

    @Test
    @DisplayName("answers 404 to a restart of an unknown instance")
    void restartUnknown() {
      HttpResponse<String> response = admin.post("/admin/instances/nope-n1-9/restart", new byte[0]);
      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(json(response).getString("error")).contains("nope-n1-9");
    }
  }
}
