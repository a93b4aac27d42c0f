package io.gamebus.hotswap;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.hotswap.games.LeakyGame;
import io.gamebus.hotswap.games.LoaderTrace;
import io.gamebus.hotswap.games.TracedGame;
import io.gamebus.testing.TestClient;
import io.gamebus.testing.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Old game versions")
class UnloadTest {
  static final int SWAPS = 100;

  @Test
  @DisplayName("are unloaded: a hundred swaps of a game that leaves timers and consumers behind keep classes and metaspace bounded")
  void hundredSwapsKeepMemoryBounded() {
    ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
    try (TestNode node = TestNode.start(new JsonObject().put("games", new JsonArray()));
         TestClient player = null) {
      var admin = node.admin();
      long loadedAfterWarmup = 0;
      long metaspaceAfterWarmup = 0;
      long unloadedAtWarmup = 0;
      for (int i = 1; i <= SWAPS; i++) {
        byte[] jar = TestJar.game("leaky", "1.0." + i, LeakyGame.class).withClasses(LeakyGame.Payload.class).bytes();
        assertThat(admin.post("/admin/games?mode=migrate", jar).statusCode()).as("swap %d", i).isEqualTo(200);
        if (i == 20) {
          settle();
          loadedAfterWarmup = classes.getLoadedClassCount();
          metaspaceAfterWarmup = metaspaceUsed();
          unloadedAtWarmup = classes.getUnloadedClassCount();
        }
      }
      settle();
      long unloaded = classes.getUnloadedClassCount() - unloadedAtWarmup;
      // Each version brings at least the game and its payload class; nearly all must be gone.
      assertThat(unloaded).as("classes unloaded over the last %d swaps", SWAPS - 20).isGreaterThanOrEqualTo(2L * (SWAPS - 25));
      assertThat(classes.getLoadedClassCount() - loadedAfterWarmup).as("classes loaded since swap 20").isLessThan(150);
      assertThat(metaspaceUsed() - metaspaceAfterWarmup).as("metaspace growth since swap 20").isLessThan(8L << 20);
    }
  }

  @Test
  @DisplayName("are unloaded with games sharing two pooled threads: no game thread keeps an old version's class loader")
  void pooledThreadsKeepNoLoader() {
    LoaderTrace.clear();
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
      // Only the current version's loader may stay; the four before it must become unreachable.
      long deadline = System.currentTimeMillis() + 20_000;
      while (LoaderTrace.alive() > 1 && System.currentTimeMillis() < deadline) {
        settle();
      }
      assertThat(LoaderTrace.alive()).as("class loaders of the versions still reachable").isEqualTo(1);
    }
  }

  private static void settle() {
    for (int i = 0; i < 5; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static long metaspaceUsed() {
    return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getName().equals("Metaspace"))
        .mapToLong(p -> p.getUsage().getUsed()).sum();
  }
}
