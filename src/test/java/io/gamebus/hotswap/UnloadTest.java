package io.gamebus.hotswap;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.hotswap.games.LeakyGame;
import io.gamebus.hotswap.games.LoaderTrace;
import io.gamebus.hotswap.games.TracedGame;
import io.gamebus.testing.TestClient;
import io.gamebus.testing.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each game version's class loader, held by weak reference ({@link LoaderTrace}), must be
 * collected once the version is gone: only the current version's loader may stay reachable.
 */
@DisplayName("Old game versions")
class UnloadTest {
  static final int SWAPS = 30;

  @BeforeEach
  void forgetLoaders() {
    LoaderTrace.clear();
  }

  @Test
  @DisplayName("are unloaded: after 30 swaps of a game that leaves timers and consumers behind, only the current version's class loader is reachable")
  void leakyGameIsUnloaded() {
    try (TestNode node = TestNode.start(new JsonObject().put("games", new JsonArray()))) {
      for (int i = 1; i <= SWAPS; i++) {
        byte[] jar = TestJar.game("leaky", "1.0." + i, LeakyGame.class).withClasses(LeakyGame.Payload.class).bytes();
        assertThat(node.admin().post("/admin/games?mode=migrate", jar).statusCode()).as("swap %d", i).isEqualTo(200);
      }
      assertThat(LoaderTrace.seen()).isEqualTo(SWAPS);
      awaitOnlyCurrentLoader();
    }
  }

  @Test
  @DisplayName("are unloaded with games sharing two pooled threads: no game thread keeps an old version's class loader")
  void pooledThreadsKeepNoLoader() {
    JsonObject conf = new JsonObject().put("games", new JsonArray())
        .put("supervisor", new JsonObject().put("gameThreads", 2));
    try (TestNode node = TestNode.start(conf)) {
      for (int i = 1; i <= 5; i++) {
        byte[] jar = TestJar.game("traced", "1.0." + i, TracedGame.class).bytes();
        assertThat(node.admin().post("/admin/games?instances=3&mode=migrate", jar).statusCode()).as("swap %d", i)
            .isEqualTo(200);
        try (TestClient player = node.tcp()) {
          assertThat(player.hello("traced").getString("type")).isEqualTo("welcome");
          for (int n = 1; n <= 20; n++) {
            assertThat(player.request(n, "tick", new JsonObject()).getString("type")).isEqualTo("reply");
          }
        }
      }
      awaitOnlyCurrentLoader();
    }
  }

  @ParameterizedTest(name = "deaf to interrupts: {0}")
  @ValueSource(booleans = {false, true})
  @DisplayName("are unloaded after a hang whose thread was abandoned, once that thread is out of the game's code")
  void hungGameIsUnloaded(boolean deaf) {
    JsonObject conf = new JsonObject().put("games", new JsonArray())
        .put("supervisor", new JsonObject().put("hangMs", 300));
    try (TestNode node = TestNode.start(conf); TestClient player = node.tcp()) {
      assertThat(node.admin().post("/admin/games", TestJar.game("traced", "1.0.0", TracedGame.class).bytes())
          .statusCode()).isEqualTo(200);
      player.hello("traced");
      assertThat(player.request(1, "hang", new JsonObject().put("deaf", deaf)).getString("code")).isEqualTo("game_error");
      assertThat(player.next("moved").getString("reason")).isEqualTo("crash");
      assertThat(node.admin().post("/admin/games", TestJar.game("traced", "2.0.0", TracedGame.class).bytes())
          .statusCode()).isEqualTo(200);
      assertThat(player.next("moved").getString("version")).isEqualTo("2.0.0");
      if (deaf) {
        // The abandoned thread is still inside 1.0.0's code: its stack holds that loader, as the JVM must.
        settle();
        assertThat(LoaderTrace.alive()).as("loaders reachable while the thread is stuck in 1.0.0").isEqualTo(2);
        System.setProperty("traced.release", "true");
      }
      awaitOnlyCurrentLoader();
    } finally {
      System.clearProperty("traced.release");
    }
  }

  /** Collects garbage until only one traced loader (the current version's) is reachable, for up to 20 s. */
  private static void awaitOnlyCurrentLoader() {
    long deadline = System.currentTimeMillis() + 20_000;
    while (LoaderTrace.alive() > 1 && System.currentTimeMillis() < deadline) {
      settle();
    }
    assertThat(LoaderTrace.alive()).as("class loaders of the versions still reachable").isEqualTo(1);
  }

  private static void settle() {
    for (int i = 0; i < 5; i++) {
      System.gc();
      try {
        Thread.sleep(100); // lets reference processing and Vert.x's cleanup run between collections
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
