package io.gamebus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.testing.TestClient;
import io.gamebus.testing.TestNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("A player of the echo game")
class EchoSmokeTest {
  static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(TestNode.echo(2, 100));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @ParameterizedTest
  @EnumSource(TestClient.Kind.class)
  @DisplayName("is welcomed and gets its request's body back")
  void isWelcomedAndEchoed(TestClient.Kind kind) {
    try (TestClient client = node.connect(kind)) {
      JsonObject welcome = client.hello("echo");
      assertThat(welcome.getString("game")).isEqualTo("echo");
      assertThat(welcome.getBoolean("resumed")).isFalse();
      JsonObject reply = client.request(7, "anything", new JsonObject().put("x", 1));
      assertThat(reply.getString("type")).isEqualTo("reply");
      assertThat(reply.getJsonObject("body")).isEqualTo(new JsonObject().put("x", 1));
    }
  }
}
