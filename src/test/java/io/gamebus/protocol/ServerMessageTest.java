package io.gamebus.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A server message on the wire")
class ServerMessageTest {

  private static JsonObject wire(ServerMessage message) {
    return new JsonObject(message.encode());
  }

  @Test
  @DisplayName("welcome has exactly type, id, session, resume, game, version, instance, node and resumed")
  void welcome() {
    JsonObject json = wire(new ServerMessage.Welcome(1L, "s1", "r1", "echo", "1.0.0", "echo-n1-1", "n1", true, null));
    assertThat(json.fieldNames()).containsExactlyInAnyOrder(
        "type", "id", "session", "resume", "game", "version", "instance", "node", "resumed");
    assertThat(json).isEqualTo(new JsonObject().put("type", "welcome").put("id", 1).put("session", "s1")
        .put("resume", "r1").put("game", "echo").put("version", "1.0.0").put("instance", "echo-n1-1")
        .put("node", "n1").put("resumed", true));
  }

  @Test
  @DisplayName("welcome of an authenticated session names its user")
  void welcomeWithUser() {
    JsonObject json = wire(new ServerMessage.Welcome(1L, "s", "r", "g", "v", "i", "n", false, "alice"));
    assertThat(json.getString("user")).isEqualTo("alice");
  }

  @Test
  @DisplayName("welcome to a hello without id has no id")
  void welcomeWithoutId() {
    assertThat(wire(new ServerMessage.Welcome(null, "s", "r", "g", "v", "i", "n", false, null)).containsKey("id")).isFalse();
  }

  @Test
  @DisplayName("reply has exactly type, id and body")
  void reply() {
    assertThat(wire(new ServerMessage.Reply(7, new JsonObject().put("x", 1))))
        .isEqualTo(new JsonObject().put("type", "reply").put("id", 7).put("body", new JsonObject().put("x", 1)));
  }

  @Test
  @DisplayName("push has exactly type, route and body")
  void push() {
    assertThat(wire(new ServerMessage.Push("chat", new JsonObject())))
        .isEqualTo(new JsonObject().put("type", "push").put("route", "chat").put("body", new JsonObject()));
  }

  @Test
  @DisplayName("pong has type and the ping's id, if it had one")
  void pong() {
    assertThat(wire(new ServerMessage.Pong(4L))).isEqualTo(new JsonObject().put("type", "pong").put("id", 4));
    assertThat(wire(new ServerMessage.Pong(null))).isEqualTo(new JsonObject().put("type", "pong"));
  }

  @Test
  @DisplayName("moved has type, instance, version and reason (and the node it now runs on)")
  void moved() {
    JsonObject json = wire(new ServerMessage.Moved("echo-n1-1", "1.0.0", "n1", MoveReason.CRASH.wireName()));
    assertThat(json).isEqualTo(new JsonObject().put("type", "moved").put("instance", "echo-n1-1")
        .put("version", "1.0.0").put("node", "n1").put("reason", "crash"));
  }

  @Test
  @DisplayName("error has type, code, message, and the id of the request it answers")
  void error() {
    assertThat(wire(new ServerMessage.Failure(3L, ErrorCode.TIMEOUT, "too slow"))).isEqualTo(new JsonObject()
        .put("type", "error").put("id", 3).put("code", "timeout").put("message", "too slow"));
    assertThat(wire(new ServerMessage.Failure(null, "bad_input", "a game's own code")).fieldNames())
        .containsExactlyInAnyOrder("type", "code", "message");
  }

  @Test
  @DisplayName("closing has exactly type and reason")
  void closing() {
    assertThat(wire(new ServerMessage.Closing("idle"))).isEqualTo(new JsonObject().put("type", "closing").put("reason", "idle"));
  }

  @Test
  @DisplayName("move reasons have the contract's wire names")
  void moveReasons() {
    assertThat(MoveReason.values()).extracting(MoveReason::wireName)
        .containsExactly("hotswap", "crash", "rebalance", "node_lost", "shutdown");
  }
}
