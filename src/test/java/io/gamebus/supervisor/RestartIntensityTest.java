package io.gamebus.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.supervisor.SupervisedGame.Player;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("An instance that keeps crashing")
class RestartIntensityTest {
  private final SupervisedGame game = new SupervisedGame();

  @AfterEach
  void stop() {
    game.close();
  }

  @Test
  @DisplayName("is failed after more than maxRestarts restarts within withinSeconds; its players move to another instance")
  void failsAndMovesPlayers() {
    game.instances(2).supervisor("maxRestarts", 2).start();
    try (Player alice = game.player(); Player bob = game.player()) {
      String failing = alice.instance();
      assertThat(bob.instance()).isNotEqualTo(failing);
      bob.request(1, "add", new JsonObject().put("by", 10));
      for (int crash = 1; crash <= 2; crash++) {
        assertThat(alice.request(crash, "crash").getString("code")).isEqualTo("game_error");
        assertThat(alice.next("moved").getString("instance")).isEqualTo(failing);
        alice.push("joined");
      }
      assertThat(alice.request(3, "crash").getString("code")).isEqualTo("game_error");

      JsonObject moved = alice.next("moved");
      assertThat(moved.getString("instance")).isEqualTo(bob.instance());
      assertThat(moved.getString("reason")).isEqualTo("crash");
      assertThat(alice.push("joined").getJsonObject("body").getLong("count")).isEqualTo(10);
      assertThat(alice.count(4)).isEqualTo(10);
      assertThat(alice.client().isClosed()).isFalse();

      JsonObject failed = Admin.instance(game.node(), failing);
      assertThat(failed.getString("state")).isEqualTo("failed");
      assertThat(failed.getInteger("restarts")).isEqualTo(2);
      assertThat(failed.getInteger("sessions")).isZero();
      assertThat(Admin.instance(game.node(), bob.instance()).getInteger("sessions")).isEqualTo(2);
      assertThat(Admin.metric(game.node(), "gamebus_restarts_total{game=\"" + game.name + "\"}")).isEqualTo(2.0);
    }
  }

  @Test
  @DisplayName("with no other instance, its players get unavailable and closing, and new players unavailable")
  void failsWithNowhereToGo() {
    game.supervisor("maxRestarts", 1).start();
    try (Player alice = game.player()) {
      alice.request(1, "crash");
      alice.next("moved");
      alice.request(2, "crash");
      JsonObject error = alice.next("error");
      assertThat(error.getString("code")).isEqualTo("unavailable");
      assertThat(alice.next("closing").getString("reason")).isEqualTo("unavailable");
      assertThat(alice.client().awaitClosed(5_000)).isTrue();
    }
    try (Player late = game.player()) {
      throw new AssertionError("a hello was placed on a failed instance: " + late.instance());
    } catch (AssertionError refused) {
      assertThat(refused.getMessage()).contains("hello refused", "unavailable");
    }
  }

  @Test
  @DisplayName("waits a doubling delay between restarts, and a failing start counts as a failure")
  void backsOff() {
    game.supervisor("maxRestarts", 5).start();
    try (Player alice = game.player()) {
      game.arm("start", 3);
      long start = System.nanoTime();
      alice.request(1, "crash");
      alice.next("moved");
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      // crash: at once; three failed starts: 100, 200 and 400 ms.
      assertThat(tookMs).isGreaterThanOrEqualTo(650);
      assertThat(Admin.instance(game.node(), alice.instance()).getInteger("restarts")).isEqualTo(4);
    }
  }

  @Test
  @DisplayName("in its start, for good, ends up failed with its players moved")
  void poisonedStart() {
    game.instances(2).supervisor("maxRestarts", 2).start();
    try (Player alice = game.player(); Player bob = game.player()) {
      game.arm("start", 100);
      alice.request(1, "crash");
      JsonObject moved = alice.next("moved");
      assertThat(moved.getString("instance")).isEqualTo(bob.instance());
      assertThat(Admin.instance(game.node(), alice.instance()).getString("state")).isEqualTo("failed");
    }
  }
}
