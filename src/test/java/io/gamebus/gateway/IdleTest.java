package io.gamebus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.testing.TestClient;
import io.gamebus.testing.TestNode;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("A connection that sends nothing for gateway.idleSeconds")
class IdleTest {
  static final JsonObject CLOSING_IDLE = new JsonObject().put("type", "closing").put("reason", "idle");
  static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(TestNode.echo(1, 100).mergeIn(new JsonObject().put("gateway", new JsonObject()
        .put("idleSeconds", 1).put("resumeSeconds", 30)), true));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @ParameterizedTest
  @EnumSource(TestClient.Kind.class)
  @DisplayName("gets closing reason idle and is closed, even before hello")
  void idleWithoutSession(TestClient.Kind kind) {
    try (TestClient client = node.connect(kind)) {
      assertThat(client.untilClosed()).containsExactly(CLOSING_IDLE);
    }
  }

  @ParameterizedTest
  @EnumSource(TestClient.Kind.class)
  @DisplayName("keeps its session resumable after the idle close")
  void sessionSurvives(TestClient.Kind kind) {
    try (TestClient client = node.connect(kind)) {
      JsonObject welcome = client.hello("echo");
      assertThat(client.untilClosed()).containsExactly(CLOSING_IDLE);
      try (TestClient again = node.connect(kind)) {
        again.send(new JsonObject().put("type", "hello").put("resume", welcome.getString("resume")).put("id", 2));
        JsonObject resumed = again.next();
        assertThat(resumed.getString("type")).isEqualTo("welcome");
        assertThat(resumed.getString("session")).isEqualTo(welcome.getString("session"));
        assertThat(resumed.getBoolean("resumed")).isTrue();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestClient.Kind.class)
  @DisplayName("is not idle while it keeps sending messages more often than that")
  void messagesCount(TestClient.Kind kind) throws InterruptedException {
    try (TestClient client = node.connect(kind)) {
      for (int i = 1; i <= 12; i++) {
        client.send(new JsonObject().put("type", "ping").put("id", i));
        assertThat(client.next()).isEqualTo(new JsonObject().put("type", "pong").put("id", i));
        Thread.sleep(200); // the traffic pattern under test: a message every 200 ms, under idleSeconds
      }
      assertThat(client.isClosed()).isFalse();
      assertThat(client.untilClosed()).containsExactly(CLOSING_IDLE);
    }
  }

  @Test
  @DisplayName("is not idle while it sends WebSocket ping frames, which count as traffic")
  void webSocketPingsCount() throws InterruptedException {
    try (TestClient client = node.ws()) {
      client.hello("echo");
      for (int i = 0; i < 12; i++) {
        client.sendPingFrame();
        Thread.sleep(200); // the traffic pattern under test: a message every 200 ms, under idleSeconds
      }
      assertThat(client.isClosed()).isFalse();
      List<JsonObject> rest = client.untilClosed();
      assertThat(rest).containsExactly(CLOSING_IDLE);
    }
  }
}
