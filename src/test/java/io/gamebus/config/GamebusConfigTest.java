package io.gamebus.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("The node configuration")
class GamebusConfigTest {

  private static GamebusConfig with(String json) {
    return GamebusConfig.from(new JsonObject(json), null);
  }

  @Nested
  @DisplayName("by default")
  class Defaults {
    private final GamebusConfig config = GamebusConfig.from(new JsonObject(), null);

    @Test
    @DisplayName("is the contract's: node n1 with both roles")
    void node() {
      assertThat(config.node()).isEqualTo(new NodeConfig("n1", List.of("gateway", "games")));
    }

    @Test
    @DisplayName("is the contract's: gateway on 0.0.0.0, TCP 7070, HTTP 8080, arena, 64 KiB frames, 30 s resume, 5 s requests, 60 s idle, 200 msg/s")
    void gateway() {
      GatewayConfig gateway = config.gateway();
      assertThat(gateway.host()).isEqualTo("0.0.0.0");
      assertThat(gateway.tcpPort()).isEqualTo(7070);
      assertThat(gateway.httpPort()).isEqualTo(8080);
      assertThat(gateway.defaultGame()).isEqualTo("arena");
      assertThat(gateway.maxFrameBytes()).isEqualTo(65536);
      assertThat(gateway.resumeSeconds()).isEqualTo(30);
      assertThat(gateway.requestTimeoutMs()).isEqualTo(5000);
      assertThat(gateway.idleSeconds()).isEqualTo(60);
      assertThat(gateway.maxMessagesPerSecond()).isEqualTo(200);
    }

    @Test
    @DisplayName("keeps at most 1 MiB queued for a client, 256 pushes for a detached session, and 10 s to close")
    void backpressure() {
      assertThat(config.gateway().maxOutboundBytes()).isEqualTo(1 << 20);
      assertThat(config.gateway().maxPendingPushes()).isEqualTo(256);
      assertThat(config.gateway().closeTimeoutMs()).isEqualTo(10_000);
    }

    @Test
    @DisplayName("runs a gateway verticle on each of Vert.x's event loops (twice the cores)")
    void eventLoops() {
      assertThat(config.gateway().eventLoops()).isEqualTo(2 * Runtime.getRuntime().availableProcessors());
    }

    @Test
    @DisplayName("is the contract's: admin on 127.0.0.1:9090, cluster gamebus on 127.0.0.1:5701")
    void adminAndCluster() {
      assertThat(config.admin().host()).isEqualTo("127.0.0.1");
      assertThat(config.admin().port()).isEqualTo(9090);
      assertThat(config.cluster()).isEqualTo(new ClusterConfig("gamebus", "127.0.0.1", 5701, List.of("127.0.0.1:5701"), 1));
    }

    @Test
    @DisplayName("is the contract's: supervisor hangMs 3000, 5 restarts within 60 s")
    void supervisor() {
      assertThat(config.supervisor().hangMs()).isEqualTo(3000);
      assertThat(config.supervisor().maxRestarts()).isEqualTo(5);
      assertThat(config.supervisor().withinSeconds()).isEqualTo(60);
    }

    @Test
    @DisplayName("runs the built-in games: echo (2 x 1000) and arena (1 x 200, snapshots every second)")
    void games() {
      assertThat(config.games()).extracting(GameConfig::name, GameConfig::jar, GameConfig::instances, GameConfig::capacity)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("echo", null, 2, 1000),
              org.assertj.core.groups.Tuple.tuple("arena", null, 1, 200));
      assertThat(config.games().get(1).snapshotMs()).isEqualTo(1000);
    }

    @Test
    @DisplayName("generates a fresh random admin token when none is given")
    void generatedToken() {
      assertThat(config.admin().tokenGenerated()).isTrue();
      assertThat(config.admin().token()).matches("[A-Za-z0-9_-]{22}");
      assertThat(GamebusConfig.from(new JsonObject(), null).admin().token()).isNotEqualTo(config.admin().token());
    }
  }

  @Nested
  @DisplayName("merged from a file")
  class Merging {

    @Test
    @DisplayName("overrides only the keys it names, object by object")
    void deepMerge() {
      GamebusConfig config = with("{\"gateway\":{\"tcpPort\":7100,\"idleSeconds\":5},\"node\":{\"id\":\"n7\"}}");
      assertThat(config.gateway().tcpPort()).isEqualTo(7100);
      assertThat(config.gateway().idleSeconds()).isEqualTo(5);
      assertThat(config.gateway().httpPort()).isEqualTo(8080);
      assertThat(config.gateway().defaultGame()).isEqualTo("arena");
      assertThat(config.node()).isEqualTo(new NodeConfig("n7", List.of("gateway", "games")));
    }

    @Test
    @DisplayName("replaces arrays whole: its games are the only games")
    void arraysReplaced() {
      GamebusConfig config = with("{\"games\":[{\"name\":\"echo\",\"instances\":3}],\"node\":{\"roles\":[\"gateway\"]}}");
      assertThat(config.games()).hasSize(1);
      assertThat(config.games().get(0)).isEqualTo(new GameConfig("echo", null, 3, 1000, 1000, new JsonObject()));
      assertThat(config.node().roles()).containsExactly("gateway");
    }

    @Test
    @DisplayName("takes a game jar and the game's own settings")
    void jarGame() {
      GamebusConfig config = with("{\"games\":[{\"jar\":\"games/g.jar\",\"instances\":2,\"config\":{\"board\":9}}]}");
      assertThat(config.games().get(0)).isEqualTo(new GameConfig(null, "games/g.jar", 2, 1000, 1000, new JsonObject().put("board", 9)));
    }

    @Test
    @DisplayName("reads a file from disk")
    void load(@TempDir Path dir) throws Exception {
      Path file = Files.writeString(dir.resolve("g.json"), "{\"admin\":{\"port\":9191,\"token\":\"from-file\"}}");
      GamebusConfig config = GamebusConfig.load(file);
      assertThat(config.admin().port()).isEqualTo(9191);
    }

    @Test
    @DisplayName("moves every port by an offset for local clustered mode, keeping port 0 (any free port) as 0")
    void portOffset() {
      GamebusConfig config = with("{\"gateway\":{\"httpPort\":0}}").withPortOffset(2);
      assertThat(config.gateway().tcpPort()).isEqualTo(7072);
      assertThat(config.gateway().httpPort()).isZero();
      assertThat(config.admin().port()).isEqualTo(9092);
      assertThat(config.cluster().port()).isEqualTo(5703);
    }
  }

  @Nested
  @DisplayName("admin token")
  class AdminToken {

    @Test
    @DisplayName("comes from GAMEBUS_ADMIN_TOKEN over admin.token")
    void environmentWins() {
      AdminConfig admin = GamebusConfig.from(new JsonObject("{\"admin\":{\"token\":\"from-file\"}}"), "from-env").admin();
      assertThat(admin.token()).isEqualTo("from-env");
      assertThat(admin.tokenGenerated()).isFalse();
    }

    @Test
    @DisplayName("comes from admin.token when the variable is unset or blank")
    void fileOtherwise() {
      JsonObject file = new JsonObject("{\"admin\":{\"token\":\"from-file\"}}");
      assertThat(GamebusConfig.from(file, null).admin().token()).isEqualTo("from-file");
      assertThat(GamebusConfig.from(file, "  ").admin().token()).isEqualTo("from-file");
      assertThat(GamebusConfig.from(file, null).admin().tokenGenerated()).isFalse();
    }
  }

  @Nested
  @DisplayName("refuses, naming the key and what it must be,")
  class Validation {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"gateway\":{\"tcpPort\":\"7070\"}}          | gateway.tcpPort must be an integer from 0 to 65535 (got \"7070\")",
        "{\"gateway\":{\"tcpPort\":70000}}             | gateway.tcpPort must be an integer from 0 to 65535 (got 70000)",
        "{\"gateway\":{\"idleSeconds\":0}}             | gateway.idleSeconds must be an integer from 1 to 86400 (got 0)",
        "{\"gateway\":{\"maxFrameBytes\":1.5}}         | gateway.maxFrameBytes must be an integer",
        "{\"gateway\":{\"defaultGame\":\"\"}}          | gateway.defaultGame must be a non-empty string",
        "{\"gateway\":{\"host\":7}}                    | gateway.host must be a non-empty string (got 7)",
        "{\"gateway\":{\"eventLoops\":0}}              | gateway.eventLoops must be an integer from 1 to 1024 (got 0)",
        "{\"admin\":{\"port\":-1}}                     | admin.port must be an integer from 0 to 65535 (got -1)",
        "{\"cluster\":{\"members\":\"a:1\"}}           | cluster.members must be an array of strings",
        "{\"supervisor\":{\"hangMs\":10}}              | supervisor.hangMs must be an integer from 50",
        "{\"node\":{\"roles\":[\"gateway\",\"cook\"]}} | node.roles must be a list of \"gateway\" and \"games\" (got \"cook\")",
        "{\"node\":{\"roles\":[]}}                     | node.roles must be at least one of",
        "{\"gateway\":[]}                              | 'gateway' must be a JSON object",
        "{\"games\":{}}                                | 'games' must be an array of game entries",
        "{\"games\":[7]}                               | games[0] must be a JSON object",
        "{\"games\":[{\"instances\":1}]}               | games[0] needs a 'name' (a built-in game) or a 'jar'",
        "{\"games\":[{\"name\":\"echo\"},{\"name\":\"echo\"}]} | games[1]: game 'echo' is listed twice",
        "{\"games\":[{\"name\":\"echo\",\"capacity\":0}]} | games[0].capacity must be an integer from 1",
        "{\"games\":[{\"name\":\"echo\",\"config\":[]}]} | games[0].config must be a JSON object"})
    @DisplayName("a bad value")
    void badValue(String json, String message) {
      assertThatThrownBy(() -> with(json)).isInstanceOf(ConfigException.class).hasMessageContaining(message.trim());
    }

    @Test
    @DisplayName("a file that is not JSON, or not an object, naming the file")
    void notJson(@TempDir Path dir) throws Exception {
      Path broken = Files.writeString(dir.resolve("broken.json"), "{\"gateway\":");
      assertThatThrownBy(() -> GamebusConfig.load(broken)).isInstanceOf(ConfigException.class)
          .hasMessageContaining("configuration file " + broken + " is not a JSON object");
      Path array = Files.writeString(dir.resolve("array.json"), new JsonArray().add(1).encode());
      assertThatThrownBy(() -> GamebusConfig.load(array)).isInstanceOf(ConfigException.class)
          .hasMessageContaining("is not a JSON object");
    }

    @Test
    @DisplayName("a file it cannot read")
    void unreadable(@TempDir Path dir) {
      Path missing = dir.resolve("missing.json");
      assertThatThrownBy(() -> GamebusConfig.load(missing)).isInstanceOf(ConfigException.class)
          .hasMessageContaining("cannot read configuration file " + missing);
    }
  }

  @Nested
  @DisplayName("refuses a key no part of gamebus reads, naming it and the nearest known key,")
  class UnknownKeys {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"gatway\":{\"tcpPort\":7070}}                   | unknown configuration key gatway (did you mean gateway?)",
        "{\"gateway\":{\"tcpPrt\":7070}}                   | unknown configuration key gateway.tcpPrt (did you mean gateway.tcpPort?)",
        "{\"admin\":{\"tokn\":\"x\"}}                    | unknown configuration key admin.tokn (did you mean admin.token?)",
        "{\"supervisor\":{\"hangms\":10}}                  | unknown configuration key supervisor.hangms (did you mean supervisor.hangMs?)",
        "{\"games\":[{\"name\":\"echo\",\"capacty\":5}]} | unknown configuration key games[0].capacty (did you mean games[0].capacity?)",
        "{\"games\":[{\"name\":\"echo\"},{\"name\":\"arena\",\"snapshotMS\":5,\"instance\":2}]} | unknown configuration keys games[1].snapshotMS (did you mean games[1].snapshotMs?), games[1].instance (did you mean games[1].instances?)"})
    @DisplayName("a misspelling")
    void misspelling(String json, String message) {
      assertThatThrownBy(() -> with(json)).isInstanceOf(ConfigException.class)
          .hasMessageStartingWith(message.trim()).hasMessageEndingWith("fix the spelling or remove "
              + (message.contains("keys") ? "them" : "it") + " (docs/operations.md lists every key)");
    }

    @Test
    @DisplayName("but not a game's own settings under games[].config, which are the game's to read")
    void gameConfigIsFreeForm() {
      GamebusConfig config = with("{\"games\":[{\"name\":\"echo\",\"config\":{\"anything\":{\"goes\":1}}}]}");
      assertThat(config.games().get(0).config().getJsonObject("anything").getInteger("goes")).isEqualTo(1);
    }

    @Test
    @DisplayName("and reads every key of the embedded defaults, with or without GAMEBUS_ADMIN_TOKEN, and of an empty games list")
    void everyDocumentedKeyIsKnown() {
      JsonObject all = new JsonObject("{\"admin\":{\"token\":\"t\"},\"node\":{\"id\":\"n2\"},\"games\":[]}");
      assertThat(GamebusConfig.from(all, "from-env").admin().token()).isEqualTo("from-env");
      assertThat(GamebusConfig.from(all, null).games()).isEmpty();
    }

    @Test
    @DisplayName("and knows the auth section's secret even when GAMEBUS_JWT_SECRET overrides it")
    void jwtSecretIsKnownWhenOverridden() {
      JsonObject auth = new JsonObject("{\"auth\":{\"sessionsPerUser\":\"allow\",\"jwt\":{\"secret\":\"in-the-file-0123456789abcdef0123\"}}}");
      assertThat(GamebusConfig.from(auth, null, "from-the-environment-0123456789abcdef").auth().enabled()).isTrue();
    }
  }
}
