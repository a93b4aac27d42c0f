package io.gamebus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.testing.Bus;
import io.gamebus.testing.Deployment;
import io.gamebus.testing.TestClient;
import io.gamebus.testing.TestGames;
import io.gamebus.testing.TestNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "on a {0} event bus")
@EnumSource(Bus.class)
@DisplayName("A client with a session")
class MessagingTest {
  // Long enough for a first request across a busy cluster, short enough for the timeout test.
  static final int REQUEST_TIMEOUT_MS = 1_000;
  @Parameter
  Bus bus;
  static Deployment gamebus;
  static TestNode node;

  @BeforeParameterizedClassInvocation
  static void start(Bus bus) {
    gamebus = bus.start(TestGames.only("echo",
            new JsonObject().put("name", "echo").put("instances", 1).put("capacity", 100),
            TestGames.jarEntry(TestGames.scriptedJar(), 1, 100))
        .put("gateway", new JsonObject().put("defaultGame", "echo").put("requestTimeoutMs", REQUEST_TIMEOUT_MS)));
    node = gamebus.gateway();
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    gamebus.close();
  }

  private static JsonObject msg(String route, JsonObject body) {
    return new JsonObject().put("type", "msg").put("route", route).put("body", body);
  }

  @ParameterizedTest
  @EnumSource(TestClient.Kind.class)
  @DisplayName("sending msg with an id gets a reply with that id and the game's body")
  void request(TestClient.Kind kind) {
    try (TestClient client = node.connect(kind)) {
      client.hello("echo");
      JsonObject body = new JsonObject().put("text", "h\u00e9llo \u4e16\u754c \ud83c\udfae").put("n", 1);
      assertThat(client.request(42, "say", body))
          .isEqualTo(new JsonObject().put("type", "reply").put("id", 42).put("body", body));
    }
  }

  @ParameterizedTest
  @EnumSource(TestClient.Kind.class)
  @DisplayName("sending msg without body gets an empty body to the game")
  void absentBody(TestClient.Kind kind) {
    try (TestClient client = node.connect(kind)) {
      client.hello("echo");
      client.send(new JsonObject().put("type", "msg").put("route", "r").put("id", 3));
      assertThat(client.next()).isEqualTo(new JsonObject().put("type", "reply").put("id", 3).put("body", new JsonObject()));
    }
  }

  @ParameterizedTest
  @EnumSource(TestClient.Kind.class)
  @DisplayName("sending msg without an id gets no answer")
  void oneWay(TestClient.Kind kind) {
    try (TestClient client = node.connect(kind)) {
      client.hello("echo");
      client.send(msg("say", new JsonObject().put("x", 1)));
      client.send(new JsonObject().put("type", "ping").put("id", 99));
      assertThat(client.next()).isEqualTo(new JsonObject().put("type", "pong").put("id", 99));
    }
  }

  @ParameterizedTest
  @EnumSource(TestClient.Kind.class)
  @DisplayName("answers requests in any order the game answers them, each reply carrying its own id")
  void pipelined(TestClient.Kind kind) {
    try (TestClient client = node.connect(kind)) {
      client.hello("echo");
      for (int id = 1; id <= 10; id++) {
        client.send(msg("n", new JsonObject().put("n", id)).put("id", id));
      }
      for (int id = 1; id <= 10; id++) {
        JsonObject reply = client.next();
        assertThat(reply.getJsonObject("body").getInteger("n")).isEqualTo(reply.getInteger("id"));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestClient.Kind.class)
  @DisplayName("sending echo's broadcast route reaches every player of the instance, over either transport")
  void broadcast(TestClient.Kind kind) {
    try (TestClient sender = node.connect(kind); TestClient tcp = node.tcp(); TestClient ws = node.ws()) {
      String instance = sender.hello("echo").getString("instance");
      assertThat(tcp.hello("echo").getString("instance")).isEqualTo(instance);
      assertThat(ws.hello("echo").getString("instance")).isEqualTo(instance);
      JsonObject body = new JsonObject().put("from", kind.name());
      sender.send(msg("broadcast", body));
      JsonObject push = new JsonObject().put("type", "push").put("route", "broadcast").put("body", body);
      for (TestClient player : List.of(sender, tcp, ws)) {
        assertThat(player.next()).isEqualTo(push);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestClient.Kind.class)
  @DisplayName("sending ping gets pong, with the ping's id or without one, session or not")
  void ping(TestClient.Kind kind) {
    try (TestClient client = node.connect(kind)) {
      client.send(new JsonObject().put("type", "ping"));
      assertThat(client.next()).isEqualTo(new JsonObject().put("type", "pong"));
      client.send(new JsonObject().put("type", "ping").put("id", 8));
      assertThat(client.next()).isEqualTo(new JsonObject().put("type", "pong").put("id", 8));
      client.hello("echo");
      client.send(new JsonObject().put("type", "ping").put("id", 9));
      assertThat(client.next()).isEqualTo(new JsonObject().put("type", "pong").put("id", 9));
    }
  }

  @ParameterizedTest
  @EnumSource(TestClient.Kind.class)
  @DisplayName("sending bye gets closing reason bye, then the close; the game sees the player leave and the session is over")
  void bye(TestClient.Kind kind) {
    try (TestClient watcher = node.tcp(); TestClient leaver = node.connect(kind); TestClient later = node.connect(kind)) {
      watcher.hello(TestGames.SCRIPTED);
      JsonObject welcome = leaver.hello(TestGames.SCRIPTED);
      leaver.send(new JsonObject().put("type", "bye"));
      assertThat(leaver.untilClosed()).containsExactly(new JsonObject().put("type", "closing").put("reason", "bye"));
      assertThat(watcher.next("push")).isEqualTo(new JsonObject().put("type", "push").put("route", "left")
          .put("body", new JsonObject().put("player", welcome.getString("session"))));
      later.send(new JsonObject().put("type", "hello").put("resume", welcome.getString("resume")).put("id", 2));
      assertThat(later.next().getString("code")).isEqualTo("bad_resume");
    }
  }

  @ParameterizedTest
  @EnumSource(TestClient.Kind.class)
  @DisplayName("sending bye without a session gets closing reason bye too")
  void byeWithoutSession(TestClient.Kind kind) {
    try (TestClient client = node.connect(kind)) {
      client.send(new JsonObject().put("type", "bye"));
      assertThat(client.untilClosed()).containsExactly(new JsonObject().put("type", "closing").put("reason", "bye"));
    }
  }

  @ParameterizedTest
  @EnumSource(TestClient.Kind.class)
  @DisplayName("sending msg before hello gets error no_session, with the msg's id if it had one")
  void noSession(TestClient.Kind kind) {
    try (TestClient client = node.connect(kind)) {
      client.send(msg("say", new JsonObject()).put("id", 5));
      JsonObject error = client.next();
      assertThat(error.getString("type")).isEqualTo("error");
      assertThat(error.getString("code")).isEqualTo("no_session");
      assertThat(error.getLong("id")).isEqualTo(5);
      client.send(msg("say", new JsonObject()));
      error = client.next();
      assertThat(error.getString("code")).isEqualTo("no_session");
      assertThat(error.containsKey("id")).isFalse();
      assertThat(client.hello("echo").getString("type")).isEqualTo("welcome");
    }
  }

  @ParameterizedTest
  @EnumSource(TestClient.Kind.class)
  @DisplayName("sending a request the game never answers gets error timeout after gateway.requestTimeoutMs; the session carries on")
  void timeout(TestClient.Kind kind) {
    try (TestClient client = node.connect(kind)) {
      client.hello(TestGames.SCRIPTED);
      long start = System.nanoTime();
      JsonObject error = client.request(21, "ignore", new JsonObject());
      long elapsedMs = (System.nanoTime() - start) / 1_000_000;
      assertThat(error.getString("type")).isEqualTo("error");
      assertThat(error.getString("code")).isEqualTo("timeout");
      assertThat(error.getLong("id")).isEqualTo(21);
      assertThat(elapsedMs).isGreaterThanOrEqualTo(REQUEST_TIMEOUT_MS);
      assertThat(client.request(22, "anything", new JsonObject().put("ok", 1)).getString("type")).isEqualTo("reply");
    }
  }

  @Test
  @DisplayName("sending a WebSocket binary frame is read as UTF-8 JSON, like a text frame")
  void binaryFrame() {
    try (TestClient client = node.ws()) {
      client.sendBinary(Buffer.buffer("{\"type\":\"ping\",\"id\":4}"));
      assertThat(client.next()).isEqualTo(new JsonObject().put("type", "pong").put("id", 4));
      client.hello("echo");
      JsonObject body = new JsonObject().put("text", "\u00e9t\u00e9 \ud83c\udfae");
      client.sendBinary(msg("say", body).put("id", 6).toBuffer());
      assertThat(client.next()).isEqualTo(new JsonObject().put("type", "reply").put("id", 6).put("body", body));
      client.sendBinary(Buffer.buffer(new byte[] {'{', (byte) 0xFF, '}'}));
      assertThat(client.next().getString("code")).isEqualTo("bad_json");
    }
  }
}
