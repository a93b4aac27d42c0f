package io.gamebus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.testing.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The game's join hook runs on the instance while the instance's answer to the join is still on
 * its way to the gateway: what the hook pushes must wait for the welcome, not be lost. (The
 * arena pushes its whole state there; without it a browser showed an empty field for good.)
 */
@DisplayName("A new player")
class JoinPushTest {
  static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(new JsonObject().put("games", new JsonArray().add(new JsonObject()
        .put("name", "arena").put("instances", 1).put("capacity", 100))));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  @DisplayName("gets what the game pushed from its join hook, right after the welcome, every time")
  void getsTheJoinPush() throws IOException {
    for (int i = 0; i < 30; i++) {
      // A plain blocking socket: many short-lived connections, nothing else in the way.
      try (Socket socket = new Socket("127.0.0.1", node.node().tcpPort())) {
        socket.setSoTimeout(10_000);
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        DataInputStream in = new DataInputStream(socket.getInputStream());
        write(out, new JsonObject().put("type", "hello").put("game", "arena").put("id", 1));
        JsonObject welcome = read(in);
        assertThat(welcome.getString("type")).as("player %d: answer to hello", i).isEqualTo("welcome");
        JsonObject first = read(in);
        assertThat(first.getString("type")).as("player %d: first message after the welcome", i).isEqualTo("push");
        assertThat(first.getString("route")).as("player %d: first push", i).isEqualTo("state");
        assertThat(first.getJsonObject("body").getString("you")).isEqualTo(welcome.getString("session"));
        write(out, new JsonObject().put("type", "bye"));
      }
    }
  }

  private static void write(DataOutputStream out, JsonObject message) throws IOException {
    byte[] bytes = message.encode().getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
    out.flush();
  }

  private static JsonObject read(DataInputStream in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return new JsonObject(new String(bytes, StandardCharsets.UTF_8));
  }
}
