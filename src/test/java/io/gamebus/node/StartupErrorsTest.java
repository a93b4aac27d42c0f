package io.gamebus.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.hotswap.TestJar;
import io.gamebus.hotswap.fixtures.NotAGame;
import io.gamebus.testing.GamebusCommand;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A configuration the node cannot run with is refused at start with exit status 2 and one line that says what to do:")
class StartupErrorsTest {
  private static final String PORTS = "\"gateway\":{\"host\":\"127.0.0.1\",\"tcpPort\":0,\"httpPort\":0},"
      + "\"admin\":{\"port\":0,\"token\":\"t\"}";

  @TempDir
  Path dir;

  /** Runs {@code gamebus --conf FILE} with this JSON and returns its one line of complaint. */
  private String refusal(String json) throws IOException {
    Files.writeString(dir.resolve("node.json"), json);
    try (GamebusCommand gamebus = GamebusCommand.start(dir, "--conf", "node.json")) {
      assertThat(gamebus.exitStatus()).as("exit status; stderr: %s", gamebus.stderr()).isEqualTo(2);
      assertThat(gamebus.stdout()).as("stdout").noneMatch(l -> l.contains("ready"));
      String stderr = gamebus.stderr();
      assertThat(stderr.lines()).as("stderr: one line, no stack trace").hasSize(1);
      return stderr.strip();
    }
  }

  @Test
  @DisplayName("a misspelt key, with the nearest known one")
  void misspeltKey() throws IOException {
    assertThat(refusal("{" + PORTS + ",\"gatway\":{}}"))
        .startsWith("gamebus: unknown configuration key gatway (did you mean gateway?)");
    assertThat(refusal("{" + PORTS + ",\"games\":[{\"name\":\"echo\",\"capacty\":500}],"
        + "\"gateway\":{\"defaultGame\":\"echo\"}}"))
        .startsWith("gamebus: unknown configuration key games[0].capacty (did you mean games[0].capacity?)");
  }

  @Test
  @DisplayName("a gateway.defaultGame that names no configured game, naming the games configured")
  void defaultGameNotConfigured() throws IOException {
    assertThat(refusal("{" + PORTS + ",\"games\":[{\"name\":\"echo\"}]}"))
        .isEqualTo("gamebus: gateway.defaultGame 'arena' names no configured game (configured: echo); set it to"
            + " one of them, or add an entry for it to 'games' (a 'games' list replaces the default one, echo and arena)");
  }

  @Test
  @DisplayName("a games[].jar that does not exist, naming the path and where a relative path starts")
  void missingJar() throws IOException {
    assertThat(refusal("{" + PORTS + ",\"games\":[{\"name\":\"echo\"},{\"jar\":\"games/counter.jar\"}]}"))
        .isEqualTo("gamebus: games[1].jar: games/counter.jar: no such file; check the path (a relative path"
            + " resolves against the node's working folder, " + dir.toRealPath() + ")");
  }

  @Test
  @DisplayName("a games[].jar that is not a game, saying what to fix")
  void invalidJar() throws IOException {
    TestJar.game("broken", "1.0.0", NotAGame.class).writeTo(dir.resolve("broken.jar"));
    assertThat(refusal("{" + PORTS + ",\"games\":[{\"jar\":\"broken.jar\"}],\"gateway\":{\"defaultGame\":\"broken\"}}"))
        .startsWith("gamebus: games[0].jar: broken.jar: Gamebus-Class " + NotAGame.class.getName()
            + " does not implement io.gamebus.api.Game");
  }

  @Test
  @DisplayName("a port in use, naming the key and the address")
  void portInUse() throws IOException {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      int port = taken.getLocalPort();
      assertThat(refusal("{\"gateway\":{\"host\":\"127.0.0.1\",\"tcpPort\":" + port + ",\"httpPort\":0},"
          + "\"admin\":{\"port\":0,\"token\":\"t\"}}"))
          .isEqualTo("gamebus: 127.0.0.1:" + port + " is in use (gateway.tcpPort); stop what holds it or set"
              + " gateway.tcpPort to a free port");
    }
  }
}
