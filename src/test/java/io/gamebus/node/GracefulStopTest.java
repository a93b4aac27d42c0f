package io.gamebus.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gamebus.testing.TestClient;
import io.gamebus.testing.TestGames;
import io.gamebus.testing.TestNode;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Stopping a node gracefully")
class GracefulStopTest {
  static final JsonObject CLOSING_SHUTDOWN = new JsonObject().put("type", "closing").put("reason", "shutdown");

  @TempDir
  Path dir;

  @Test
  @DisplayName("tells every client closing reason shutdown and closes it, stops its games, and takes no more connections")
  void stop() throws Exception {
    Path stopFile = dir.resolve("stopped");
    TestNode node = TestNode.start(TestGames.only(TestGames.SCRIPTED,
        TestGames.jarEntry(TestGames.scriptedJar(), 1, 100).put("config", new JsonObject().put("stopFile", stopFile.toString())),
        new JsonObject().put("name", "echo").put("instances", 1).put("capacity", 100)));
    int tcpPort = node.node().tcpPort();
    int httpPort = node.node().httpPort();
    try (TestClient tcp = node.tcp(); TestClient ws = node.ws(); TestClient tcpNoSession = node.tcp();
         TestClient wsNoSession = node.ws()) {
      tcp.hello(TestGames.SCRIPTED);
      ws.hello("echo");
      node.stop();
      for (TestClient client : List.of(tcp, ws, tcpNoSession, wsNoSession)) {
        assertThat(client.untilClosed()).as("%s client", client.kind()).containsExactly(CLOSING_SHUTDOWN);
      }
    } finally {
      node.close();
    }
    assertThat(stopFile).as("the game's stop() ran").exists();
    assertThat(Files.readString(stopFile)).isEqualTo("stopped");
    assertThatThrownBy(() -> TestClient.tcp(tcpPort)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> TestClient.ws(httpPort)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("does not wait for a game stuck in its stop() longer than twice supervisor.hangMs")
  void stuckGameStop() {
    long sleepMs = 8_000;
    TestNode node = TestNode.start(TestGames.only(TestGames.SCRIPTED,
            TestGames.jarEntry(TestGames.scriptedJar(), 1, 100).put("config", new JsonObject().put("stopSleepMs", sleepMs)))
        .put("supervisor", new JsonObject().put("hangMs", 200)));
    try (TestClient client = node.tcp()) {
      client.hello(TestGames.SCRIPTED);
      long start = System.nanoTime();
      node.stop();
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      assertThat(client.untilClosed()).containsExactly(CLOSING_SHUTDOWN);
      assertThat(tookMs).isLessThan(sleepMs / 2);
    } finally {
      node.close();
    }
  }
}
