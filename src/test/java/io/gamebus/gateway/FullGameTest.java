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

@DisplayName("A game whose every instance is at capacity")
class FullGameTest {
  static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(TestNode.echo(2, 1));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @ParameterizedTest
  @EnumSource(TestClient.Kind.class)
  @DisplayName("refuses one more player with error full, and takes one again once a player left")
  void full(TestClient.Kind kind) {
    try (TestClient first = node.connect(kind); TestClient second = node.connect(kind);
         TestClient third = node.connect(kind)) {
      String a = first.hello("echo").getString("instance");
      String b = second.hello("echo").getString("instance");
      assertThat(a).isNotEqualTo(b);
      third.send(new JsonObject().put("type", "hello").put("game", "echo").put("id", 3));
      JsonObject error = third.next();
      assertThat(error.getString("type")).isEqualTo("error");
      assertThat(error.getString("code")).isEqualTo("full");
      assertThat(error.getLong("id")).isEqualTo(3);

      first.send(new JsonObject().put("type", "bye"));
      assertThat(first.awaitClosed(10_000)).isTrue();
      TestNode.await("the instance has room again", () -> {
        third.send(new JsonObject().put("type", "hello").put("game", "echo").put("id", 4));
        JsonObject answer = third.next();
        return "welcome".equals(answer.getString("type"));
      });
      second.send(new JsonObject().put("type", "bye"));
      third.send(new JsonObject().put("type", "bye"));
      assertThat(second.awaitClosed(10_000) && third.awaitClosed(10_000)).isTrue();
    }
  }
}
