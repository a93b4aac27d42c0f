package io.gamebus.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.supervisor.SupervisedGame.Player;
import io.gamebus.testing.Bus;
import io.gamebus.testing.Deployment;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "on a {0} event bus")
@EnumSource(Bus.class)
@DisplayName("Snapshots")
class SnapshotTest {
  @Parameter
  Bus bus;
  static Deployment gamebus;
  private final SupervisedGame game = new SupervisedGame();

  @BeforeParameterizedClassInvocation
  static void start(Bus bus) {
    gamebus = SupervisedGame.deployment(bus, SupervisedGame.supervision());
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    gamebus.close();
  }

  @AfterEach
  void release() {
    game.close();
  }

  @Test
  @DisplayName("are taken every snapshotMs and kept in the SnapshotStore, and a crashed game restarts from the last one")
  void restoredAfterCrash() throws InterruptedException {
    game.on(gamebus); // uploaded: a snapshot every second
    try (Player alice = game.player()) {
      alice.request(1, "add", new JsonObject().put("by", 5));
      JsonObject stored = awaitStored(alice.instance(), 5);
      assertThat(stored.getString("instance")).isEqualTo(alice.instance());

      alice.request(2, "crash");
      alice.next("moved");
      assertThat(alice.push("joined").getJsonObject("body").getLong("count")).isEqualTo(5);
      assertThat(alice.count(3)).isEqualTo(5);
    }
  }

  private JsonObject awaitStored(String instance, long count) throws InterruptedException {
    SnapshotStore store = new SnapshotStore(game.node().node().vertx());
    long deadline = System.currentTimeMillis() + 5_000;
    JsonObject stored = null;
    while (System.currentTimeMillis() < deadline) {
      stored = store.get(instance).toCompletionStage().toCompletableFuture().join();
      if (stored != null && stored.getLong("count") == count) {
        return stored;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no snapshot with count " + count + " within 5 s; last: " + stored);
  }
}
