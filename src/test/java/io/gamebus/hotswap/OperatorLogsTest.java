package io.gamebus.hotswap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.gamebus.hotswap.fixtures.NotAGame;
import io.gamebus.testing.TestClient;
import io.gamebus.testing.TestNode;
import io.gamebus.testing.games.Counter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

@DisplayName("What a node logs of uploads, for its operator")
class OperatorLogsTest {
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  @BeforeEach
  void capture() {
    log.start();
    root.addAppender(log);
  }

  @AfterEach
  void release() {
    root.detachAppender(log);
  }

  private List<String> lines() {
    synchronized (log) {
      return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  @Test
  @DisplayName("one line per swap (game, from -> to, mode, instances, players moved, time), one per refused upload,"
      + " and no deploy line for an upload's check")
  void oneLinePerSwapAndRefusal() {
    try (TestNode node = TestNode.start(new JsonObject().put("games", new JsonArray())
        .put("gateway", new JsonObject().put("defaultGame", "echo")))) {
      assertThat(node.admin().post("/admin/games", TestJar.game("counter", "1.0.0", Counter.class).bytes())
          .statusCode()).isEqualTo(200);
      try (TestClient player = node.tcp()) {
        player.hello("counter");
        player.request(1, "add", new JsonObject());
        assertThat(node.admin().post("/admin/games?mode=migrate",
            TestJar.game("counter", "2.0.0", Counter.class).bytes()).statusCode()).isEqualTo(200);
        assertThat(player.next("moved").getString("reason")).isEqualTo("hotswap");
      }
      assertThat(node.admin().post("/admin/games", TestJar.game("counter", "3.0.0", NotAGame.class).bytes())
          .statusCode()).isEqualTo(400);

      assertThat(lines()).filteredOn(l -> l.startsWith("deployed game counter"))
          .singleElement().asString().matches("deployed game counter 1\\.0\\.0: 1 instance\\(s\\), \\d+ ms");
      assertThat(lines()).filteredOn(l -> l.startsWith("swapped game counter"))
          .singleElement().asString()
          .matches("swapped game counter 1\\.0\\.0 -> 2\\.0\\.0 \\(migrate\\): 1 instance\\(s\\), 1 player\\(s\\) moved, \\d+ ms");
      assertThat(lines()).filteredOn(l -> l.startsWith("refused upload"))
          .singleElement().asString().startsWith("refused upload (400): uploaded jar (")
          .contains("does not implement io.gamebus.api.Game");
      // Each version is loaded once, by its deploy; the checks of the uploads log nothing.
      assertThat(lines()).filteredOn(l -> l.startsWith("loaded game counter")).hasSize(2);
      // The old instance forwards its players' late traffic for a moment before it goes.
      TestNode.await("the old version unloaded", () -> lines().stream().anyMatch(l -> l.startsWith("unloaded game counter")));
      assertThat(lines()).filteredOn(l -> l.startsWith("unloaded game counter"))
          .containsExactly("unloaded game counter 1.0.0 (its class loader is closed)");
    }
  }

  @Test
  @DisplayName("uploaded jars sit in a folder of the node's own, removed when the node stops")
  void uploadsFolderPerNode() throws IOException {
    String id = "uploads-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    Path folder;
    try (TestNode node = TestNode.start(new JsonObject().put("games", new JsonArray())
        .put("node", new JsonObject().put("id", id)).put("gateway", new JsonObject().put("defaultGame", "echo")))) {
      assertThat(node.admin().post("/admin/games", TestJar.game("counter", "1.0.0", Counter.class).bytes())
          .statusCode()).isEqualTo(200);
      List<Path> folders = uploadFolders(id);
      assertThat(folders).hasSize(1);
      folder = folders.get(0);
      try (Stream<Path> jars = Files.list(folder)) {
        assertThat(jars.map(p -> p.getFileName().toString())).singleElement().asString().startsWith("counter-1.0.0-");
      }
    }
    assertThat(folder).doesNotExist();
  }

  private static List<Path> uploadFolders(String id) throws IOException {
    try (Stream<Path> all = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return all.filter(p -> p.getFileName().toString().startsWith("gamebus-" + id + "-uploads-")).toList();
    }
  }
}
