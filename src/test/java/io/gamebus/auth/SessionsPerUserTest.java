package io.gamebus.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.testing.TestClient;
import io.gamebus.testing.TestCluster;
import io.gamebus.testing.TestGames;
import io.gamebus.testing.TestNode;
import io.gamebus.testing.TestTokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** CONTRACT §7 auth.sessionsPerUser, across the gateways of two clustered nodes. */
@DisplayName("One session per user, cluster-wide")
class SessionsPerUserTest {
  static final TestTokens TOKENS = TestTokens.get();

  private static TestCluster cluster(String policy) {
    TestCluster cluster = new TestCluster();
    JsonArray games = TestCluster.games(TestGames.jarEntry(TestGames.scriptedJar(), 1, 100));
    JsonObject overrides = new JsonObject().put("auth", TOKENS.auth().put("sessionsPerUser", policy))
        .put("gateway", new JsonObject().put("defaultGame", TestGames.SCRIPTED));
    cluster.start("n1", List.of("gateway", "games"), games, overrides);
    // One instance in all, so every player sees the others leave.
    cluster.start("n2", List.of("gateway"), games, overrides);
    cluster.awaitMembers(2);
    return cluster;
  }

  private static JsonObject hello(String user, long id) {
    return new JsonObject().put("type", "hello").put("token", TOKENS.token(user)).put("id", id);
  }

  private static TestClient connect(TestNode node, TestClient.Kind kind) {
    return node.connect(kind);
  }

  @ParameterizedTest
  @EnumSource(TestClient.Kind.class)
  @DisplayName("replace: a second hello on another node is welcomed, the first connection gets closing replaced and its game sees leave")
  void replace(TestClient.Kind kind) {
    try (TestCluster cluster = cluster("replace");
         TestClient first = connect(cluster.node("n1"), kind);
         TestClient watcher = connect(cluster.node("n1"), kind);
         TestClient second = connect(cluster.node("n2"), kind)) {
      first.send(hello("frank", 1));
      String firstSession = first.next("welcome").getString("session");
      watcher.send(hello("watcher", 1));
      watcher.next("welcome");

      second.send(hello("frank", 2));
      assertThat(second.next("welcome").getString("user")).isEqualTo("frank");
      List<JsonObject> last = first.untilClosed();
      assertThat(last).last().satisfies(m -> {
        assertThat(m.getString("type")).isEqualTo("closing");
        assertThat(m.getString("reason")).isEqualTo("replaced");
      });
      // The game saw the replaced session leave (the scripted game tells everyone left).
      assertThat(watcher.next(m -> "left".equals(m.getString("route"))).getJsonObject("body").getString("player"))
          .isEqualTo(firstSession);
      assertThat(second.request(3, "whoami", new JsonObject()).getJsonObject("body").getString("user")).isEqualTo("frank");
    }
  }

  @Test
  @DisplayName("reject: a second hello on another node gets unauthorized and the first session is untouched; once it ends, the user may sign in again")
  void reject() {
    try (TestCluster cluster = cluster("reject");
         TestClient first = cluster.node("n1").tcp();
         TestClient second = cluster.node("n2").ws()) {
      first.send(hello("grace", 1));
      first.next("welcome");
      second.send(hello("grace", 2));
      JsonObject error = second.next();
      assertThat(error.getString("code")).isEqualTo("unauthorized");
      assertThat(error.getLong("id")).isEqualTo(2);
      assertThat(error.getString("message")).contains("already has a session");
      assertThat(first.request(3, "whoami", new JsonObject()).getJsonObject("body").getString("user")).isEqualTo("grace");

      first.send(new JsonObject().put("type", "bye"));
      first.untilClosed();
      TestNode.await("grace may sign in again", () -> {
        second.send(hello("grace", 4));
        JsonObject answer = second.next(m -> Long.valueOf(4).equals(m.getLong("id")));
        return "welcome".equals(answer.getString("type"));
      });
    }
  }

  @Test
  @DisplayName("allow: both sessions of the user live")
  void allow() {
    try (TestCluster cluster = cluster("allow");
         TestClient first = cluster.node("n1").tcp();
         TestClient second = cluster.node("n2").tcp()) {
      first.send(hello("heidi", 1));
      first.next("welcome");
      second.send(hello("heidi", 2));
      second.next("welcome");
      assertThat(first.request(3, "whoami", new JsonObject()).getJsonObject("body").getString("user")).isEqualTo("heidi");
      assertThat(second.request(3, "whoami", new JsonObject()).getJsonObject("body").getString("user")).isEqualTo("heidi");
    }
  }
}
