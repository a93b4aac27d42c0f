package io.gamebus.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.hotswap.TestJar;
import io.gamebus.testing.GamebusCommand;
import io.gamebus.testing.TestClient;
import io.gamebus.testing.games.Counter;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("gamebus dev --game DIR")
class DevModeTest {
  private static final Pattern TCP = Pattern.compile("gamebus node n1 tcp 127\\.0\\.0\\.1:(\\d+)");

  @TempDir
  Path dir;

  /** What mvn package leaves in the project: target/counter-1.0.0.jar, written over in place. */
  private void build(Path jar) throws IOException {
    Files.write(jar, TestJar.game("counter", "1.0.0", Counter.class).bytes());
  }

  @Test
  @DisplayName("runs the project's game as the default game, and each rebuild goes live as the next dev version:"
      + " a connected player is moved (hotswap), keeps its connection and its count, save after save")
  void everyRebuildGoesLiveWithPlayersKept() throws IOException {
    Path jar = Files.createDirectories(dir.resolve("counter/target")).resolve("counter-1.0.0.jar");
    build(jar);
    Files.writeString(dir.resolve("dev.json"), "{\"gateway\":{\"host\":\"127.0.0.1\",\"tcpPort\":0,\"httpPort\":0},"
        + "\"admin\":{\"port\":0}}");
    try (GamebusCommand dev = GamebusCommand.start(dir, "dev", "--game", "counter", "--conf", "dev.json")) {
      Matcher tcp = TCP.matcher(dev.awaitLine(l -> TCP.matcher(l).matches()));
      assertThat(tcp.matches()).isTrue();
      dev.awaitLine(l -> l.equals("gamebus node n1 ready"));
      try (TestClient player = TestClient.tcp(Integer.parseInt(tcp.group(1)))) {
        player.send(new JsonObject().put("type", "hello").put("id", 1));
        JsonObject welcome = player.next("welcome");
        assertThat(welcome.getString("game")).isEqualTo("counter");
        assertThat(welcome.getString("version")).isEqualTo("1.0.0-dev.1");
        player.request(2, "add", new JsonObject());
        player.request(3, "add", new JsonObject());

        for (int save = 2; save <= 3; save++) {
          build(jar);
          String version = "1.0.0-dev." + save;
          dev.awaitLine(l -> l.equals("gamebus dev: counter " + version + " is live (migrate: players kept)"));
          JsonObject moved = player.next("moved");
          assertThat(moved.getString("reason")).isEqualTo("hotswap");
          assertThat(moved.getString("version")).isEqualTo(version);
          JsonObject count = player.request(10 + save, "get", new JsonObject()).getJsonObject("body");
          assertThat(count.getLong("count")).isEqualTo(2);
          assertThat(count.getString("version")).isEqualTo(version);
        }
        assertThat(player.isClosed()).isFalse();
      }
      dev.terminate();
      assertThat(dev.exitStatus()).isZero();
    }
  }

  @Test
  @DisplayName("says how to build the jar when the project has none (exit 2)")
  void noJarYet() throws IOException {
    Files.createDirectories(dir.resolve("empty"));
    try (GamebusCommand dev = GamebusCommand.start(dir, "dev", "--game", "empty")) {
      assertThat(dev.exitStatus()).isEqualTo(2);
      assertThat(dev.stderr().strip()).isEqualTo("gamebus dev: no game jar in empty/target; build it first"
          + " (mvn package in empty), or give the jar itself to --game");
    }
  }
}
