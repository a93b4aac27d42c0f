package io.gamebus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.testing.TestClient;
import io.gamebus.testing.TestGames;
import io.gamebus.testing.TestNode;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("A client that stops reading while the game pushes a lot")
class SlowConsumerTest {
  static final int PUSHES = 3000;
  static final int PUSH_SIZE = 8000;
  static final int MAX_PENDING_PUSHES = 16;
  /** Waits the default 10 s for a closing client to read what is queued. */
  static TestNode node;
  /** Drops a closing client that does not read after 1 s. */
  static TestNode strict;

  @BeforeAll
  static void start() {
    node = TestNode.start(config(10_000));
    strict = TestNode.start(config(1_000));
  }

  private static JsonObject config(int closeTimeoutMs) {
    return TestGames.only(TestGames.SCRIPTED, TestGames.jarEntry(TestGames.scriptedJar(), 1, 100))
        // One gateway verticle: the test knows the flood was handed over when the other player's
        // reply comes, which holds only if both connections are on the same event loop.
        .put("gateway", new JsonObject().put("eventLoops", 1).put("defaultGame", TestGames.SCRIPTED).put("maxOutboundBytes", 16 * 1024)
            .put("maxPendingPushes", MAX_PENDING_PUSHES).put("resumeSeconds", 30).put("closeTimeoutMs", closeTimeoutMs));
  }

  @AfterAll
  static void stop() {
    node.close();
    strict.close();
  }

  @ParameterizedTest
  @EnumSource(TestClient.Kind.class)
  @DisplayName("is told closing reason slow_consumer and closed, without the server queueing everything; others are still served")
  void slowConsumer(TestClient.Kind kind) {
    try (TestClient slow = node.connect(kind); TestClient other = node.tcp()) {
      JsonObject welcome = slow.hello(TestGames.SCRIPTED);
      other.hello(TestGames.SCRIPTED);
      slow.pause();
      slow.send(new JsonObject().put("type", "msg").put("route", "flood").put("id", 2)
          .put("body", new JsonObject().put("count", PUSHES).put("size", PUSH_SIZE)));
      // The instance answers in order: once the other player has its reply, the gateway has
      // been handed every push of the flood.
      assertThat(other.request(3, "whoami", new JsonObject()).getString("type")).isEqualTo("reply");

      slow.resume();
      List<JsonObject> got = slow.untilClosed();
      assertThat(got).isNotEmpty();
      assertThat(got.get(got.size() - 1)).isEqualTo(new JsonObject().put("type", "closing").put("reason", "slow_consumer"));
      long pushes = got.stream().filter(m -> "push".equals(m.getString("type"))).count();
      assertThat(pushes).as("pushes written before the close (kernel buffers + maxOutboundBytes)").isLessThan(PUSHES / 2);

      assertThat(other.request(4, "whoami", new JsonObject()).getString("type")).isEqualTo("reply");
      assertThat(other.isClosed()).isFalse();

      // The session stays resumable, with the latest pushes kept for it (gateway.maxPendingPushes).
      try (TestClient back = node.connect(kind)) {
        back.send(new JsonObject().put("type", "hello").put("resume", welcome.getString("resume")).put("id", 5));
        JsonObject resumed = back.next();
        assertThat(resumed.getString("type")).isEqualTo("welcome");
        assertThat(resumed.getBoolean("resumed")).isTrue();
        back.send(new JsonObject().put("type", "ping").put("id", 6));
        int held = 0;
        JsonObject message;
        while (!"pong".equals((message = back.next()).getString("type"))) {
          assertThat(message.getString("route")).isEqualTo("flood");
          held++;
        }
        assertThat(held).isBetween(1, MAX_PENDING_PUSHES);
        assertThat(message.getLong("id")).isEqualTo(6);
        back.send(new JsonObject().put("type", "bye"));
        back.untilClosed();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestClient.Kind.class)
  @DisplayName("that never reads again has its socket dropped after gateway.closeTimeoutMs, and its session detached at once")
  void neverReadsAgain(TestClient.Kind kind) {
    String sockets = kind == TestClient.Kind.TCP ? "vertx_net_server_active_connections" : "vertx_http_server_active_ws_connections";
    try (TestClient slow = strict.connect(kind); TestClient other = strict.tcp()) {
      JsonObject welcome = slow.hello(TestGames.SCRIPTED);
      other.hello(TestGames.SCRIPTED);
      double open = strict.metric(sockets);
      slow.pause();
      slow.send(new JsonObject().put("type", "msg").put("route", "flood")
          .put("body", new JsonObject().put("count", PUSHES).put("size", PUSH_SIZE)));
      assertThat(other.request(3, "whoami", new JsonObject()).getString("type")).isEqualTo("reply");
      TestNode.await("the server dropped the socket of the client that does not read",
          () -> strict.metric(sockets) == open - 1);
      assertThat(slow.isClosed()).as("the client has not read the close yet").isFalse();

      try (TestClient back = strict.connect(kind)) {
        back.send(new JsonObject().put("type", "hello").put("resume", welcome.getString("resume")).put("id", 5));
        assertThat(back.next().getBoolean("resumed")).isTrue();
        back.send(new JsonObject().put("type", "bye"));
        assertThat(back.untilClosed()).last().isEqualTo(new JsonObject().put("type", "closing").put("reason", "bye"));
      }
    }
  }
}
