package io.gamebus.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.testing.FreePorts;
import io.gamebus.testing.GamebusCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("gamebus local")
class LocalClusterStopTest {
  @TempDir
  Path dir;

  @Test
  @DisplayName("says of each node that it is stopping and that it stopped, on SIGTERM, then exits 0")
  void printsEachNodeStopping() throws IOException {
    Files.writeString(dir.resolve("local.json"), "{\"gateway\":{\"host\":\"127.0.0.1\",\"tcpPort\":" + FreePorts.next()
        + ",\"httpPort\":" + FreePorts.next() + "},\"admin\":{\"port\":" + FreePorts.next() + "},"
        + "\"cluster\":{\"name\":\"local-" + System.nanoTime() + "\",\"port\":" + FreePorts.next() + "}}");
    try (GamebusCommand local = GamebusCommand.start(dir, "local", "--nodes", "1", "--conf", "local.json")) {
      local.awaitLine(l -> l.equals("gamebus node n1 ready"));
      local.terminate();
      local.awaitLine(l -> l.matches("gamebus local: stopping node n1 \\(pid \\d+\\)"));
      local.awaitLine(l -> l.equals("gamebus local: node n1 stopped (exit status 0)"));
      assertThat(local.exitStatus()).isZero();
    }
  }
}
