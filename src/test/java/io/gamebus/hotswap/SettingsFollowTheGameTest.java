package io.gamebus.hotswap;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.testing.TestClient;
import io.gamebus.testing.games.Counter;
import io.gamebus.testing.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("A game configured by jar keeps its entry's capacity and config for every version uploaded later")
class SettingsFollowTheGameTest {
  static final String GAME = "probe";

  @TempDir
  Path dir;

  @ParameterizedTest(name = "entry with name: {0}")
  @ValueSource(booleans = {false, true})
  @DisplayName("whether or not its entry has a name")
  void settingsFollowTheGame(boolean named) {
    Path jar = TestJar.game(GAME, "1.0.0", Counter.class).writeTo(dir.resolve("probe-1.0.0.jar"));
    JsonObject entry = new JsonObject().put("jar", jar.toString()).put("instances", 1).put("capacity", 500)
        .put("snapshotMs", 250).put("config", new JsonObject().put("greeting", "hi"));
    if (named) {
      entry.put("name", GAME);
    }
    try (TestNode node = TestNode.start(new JsonObject().put("games", new JsonArray().add(entry))
        .put("gateway", new JsonObject().put("defaultGame", GAME)))) {
      assertThat(node.admin().post("/admin/games", TestJar.game(GAME, "2.0.0", Counter.class).bytes())
          .statusCode()).isEqualTo(200);
      JsonObject version = new JsonObject(node.admin().get("/admin/games").body()).getJsonArray("games").stream()
          .map(JsonObject.class::cast).filter(g -> g.getString("name").equals(GAME)).findFirst().orElseThrow()
          .getJsonArray("versions").getJsonObject(0);
      assertThat(version.getString("version")).isEqualTo("2.0.0");
      assertThat(version.getJsonArray("instances").getJsonObject(0).getInteger("capacity")).isEqualTo(500);
      try (TestClient player = node.tcp()) {
        player.hello(GAME);
        JsonObject body = player.request(1, "config", new JsonObject()).getJsonObject("body");
        assertThat(body.getString("version")).isEqualTo("2.0.0");
        assertThat(body.getJsonObject("config")).isEqualTo(new JsonObject().put("greeting", "hi"));
      }
    }
  }
}
