package io.gamebus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.testing.Bus;
import io.gamebus.testing.Deployment;
import io.gamebus.testing.TestClient;
import io.gamebus.testing.TestGames;
import io.gamebus.testing.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "on a {0} event bus")
@EnumSource(Bus.class)
@DisplayName("A client's hello")
class SessionOpeningTest {
  @Parameter
  Bus bus;
  static Deployment gamebus;
  static TestNode node;

  @BeforeParameterizedClassInvocation
  static void start(Bus bus) {
    gamebus = bus.start(TestGames.only(TestGames.SCRIPTED,
            TestGames.jarEntry(TestGames.scriptedJar(), 1, 100),
            new JsonObject().put("name", "echo").put("instances", 1).put("capacity", 100),
            TestGames.jarEntry(TestGames.brokenJar(), 1, 100))
        .put("supervisor", new JsonObject().put("maxRestarts", 1)));
    node = gamebus.gateway();
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    gamebus.close();
  }

  private static JsonObject hello(TestClient client, JsonObject fields) {
    client.send(fields.copy().put("type", "hello"));
    return client.next();
  }

  @ParameterizedTest
  @EnumSource(TestClient.Kind.class)
  @DisplayName("is answered with welcome: its id, a session, a resume token, the game, version, instance and node, resumed false")
  void welcome(TestClient.Kind kind) {
    try (TestClient client = node.connect(kind)) {
      JsonObject welcome = hello(client, new JsonObject().put("game", "echo").put("id", 11));
      assertThat(welcome.fieldNames()).containsExactlyInAnyOrder(
          "type", "id", "session", "resume", "game", "version", "instance", "node", "resumed");
      assertThat(welcome.getString("type")).isEqualTo("welcome");
      assertThat(welcome.getLong("id")).isEqualTo(11);
      assertThat(welcome.getString("session")).isNotBlank();
      assertThat(welcome.getString("resume")).isNotBlank().isNotEqualTo(welcome.getString("session"));
      assertThat(welcome.getString("game")).isEqualTo("echo");
      assertThat(welcome.getString("version")).isEqualTo("1.0.0");
      assertThat(welcome.getString("instance")).isEqualTo("echo-n1-1");
      assertThat(welcome.getString("node")).isEqualTo("n1");
      assertThat(welcome.getBoolean("resumed")).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(TestClient.Kind.class)
  @DisplayName("without a game joins gateway.defaultGame; without an id gets a welcome without id")
  void defaultGame(TestClient.Kind kind) {
    try (TestClient client = node.connect(kind)) {
      JsonObject welcome = hello(client, new JsonObject());
      assertThat(welcome.getString("type")).isEqualTo("welcome");
      assertThat(welcome.getString("game")).isEqualTo(TestGames.SCRIPTED);
      assertThat(welcome.containsKey("id")).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(TestClient.Kind.class)
  @DisplayName("gets a fresh session and resume token for every client")
  void distinctSessions(TestClient.Kind kind) {
    try (TestClient a = node.connect(kind); TestClient b = node.connect(kind)) {
      JsonObject first = a.hello("echo");
      JsonObject second = b.hello("echo");
      assertThat(second.getString("session")).isNotEqualTo(first.getString("session"));
      assertThat(second.getString("resume")).isNotEqualTo(first.getString("resume"));
    }
  }

  @ParameterizedTest
  @EnumSource(TestClient.Kind.class)
  @DisplayName("with a string token is welcomed: tokens are ignored while no authenticator is configured")
  void tokenIgnored(TestClient.Kind kind) {
    try (TestClient client = node.connect(kind)) {
      JsonObject welcome = hello(client, new JsonObject().put("game", "echo").put("token", "anything").put("id", 2));
      assertThat(welcome.getString("type")).isEqualTo("welcome");
    }
  }

  @ParameterizedTest
  @EnumSource(TestClient.Kind.class)
  @DisplayName("naming an unknown game gets error no_game with its id; the client may try again")
  void noGame(TestClient.Kind kind) {
    try (TestClient client = node.connect(kind)) {
      JsonObject error = hello(client, new JsonObject().put("game", "chess").put("id", 3));
      assertThat(error).isEqualTo(new JsonObject().put("type", "error").put("id", 3).put("code", "no_game")
          .put("message", error.getString("message")));
      assertThat(error.getString("message")).contains("chess");
      assertThat(client.hello("echo").getString("game")).isEqualTo("echo");
    }
  }

  @ParameterizedTest
  @EnumSource(TestClient.Kind.class)
  @DisplayName("naming a game whose every instance failed gets error unavailable; the client may try another game")
  void unavailable(TestClient.Kind kind) {
    try (TestClient client = node.connect(kind)) {
      JsonObject error = hello(client, new JsonObject().put("game", TestGames.BROKEN).put("id", 4));
      assertThat(error.getString("type")).isEqualTo("error");
      assertThat(error.getString("code")).isEqualTo("unavailable");
      assertThat(error.getLong("id")).isEqualTo(4);
      assertThat(client.hello("echo").getString("type")).isEqualTo("welcome");
    }
  }

  @ParameterizedTest
  @EnumSource(TestClient.Kind.class)
  @DisplayName("with a token or resume that is not a string gets bad_request, not a session")
  void illTypedFields(TestClient.Kind kind) {
    try (TestClient client = node.connect(kind)) {
      JsonObject error = hello(client, new JsonObject().put("token", 42).put("id", 5));
      assertThat(error.getString("code")).isEqualTo("bad_request");
      assertThat(error.getLong("id")).isEqualTo(5);
      error = hello(client, new JsonObject().put("resume", new JsonArray().add("r")).put("id", 6));
      assertThat(error.getString("code")).isEqualTo("bad_request");
      assertThat(error.getLong("id")).isEqualTo(6);
      client.send(new JsonObject().put("type", "msg").put("route", "r").put("id", 7));
      assertThat(client.next().getString("code")).isEqualTo("no_session");
    }
  }

  @ParameterizedTest
  @EnumSource(TestClient.Kind.class)
  @DisplayName("sent a second time on a connection with a session gets bad_request; the session carries on")
  void secondHello(TestClient.Kind kind) {
    try (TestClient client = node.connect(kind)) {
      JsonObject welcome = client.hello("echo");
      JsonObject error = hello(client, new JsonObject().put("game", "echo").put("id", 9));
      assertThat(error.getString("code")).isEqualTo("bad_request");
      assertThat(error.getLong("id")).isEqualTo(9);
      assertThat(client.request(10, "still", new JsonObject().put("here", true)).getString("type")).isEqualTo("reply");
      assertThat(node.admin().get("/admin/games").body()).contains(welcome.getString("instance"));
    }
  }
}
