package io.gamebus.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.supervisor.SupervisedGame.Player;
import io.gamebus.testing.Bus;
import io.gamebus.testing.Deployment;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
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
@DisplayName("A game stuck in a loop")
class HangTest {
  private static final int HANG_MS = 1_000;
  @Parameter
  Bus bus;
  static Deployment gamebus;
  private final SupervisedGame game = new SupervisedGame();

  @BeforeParameterizedClassInvocation
  static void start(Bus bus) {
    gamebus = SupervisedGame.deployment(bus, SupervisedGame.supervision().put("hangMs", HANG_MS));
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
  @DisplayName("in message is detected within hangMs: the request gets game_error and the players move to a fresh game")
  void hangInMessage() {
    game.on(gamebus);
    try (Player alice = game.player(); Player bob = game.player()) {
      alice.request(1, "add", new JsonObject().put("by", 2));
      long sent = System.nanoTime();
      JsonObject error = alice.request(2, "spin");
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
      assertThat(error.getString("type")).isEqualTo("error");
      assertThat(error.getString("code")).isEqualTo("game_error");
      assertThat(tookMs).isBetween((long) HANG_MS, HANG_MS + 1_500L);

      for (Player player : new Player[] {alice, bob}) {
        JsonObject moved = player.next("moved");
        assertThat(moved.getString("reason")).isEqualTo("crash");
        assertThat(moved.getString("instance")).isEqualTo(player.instance());
        player.push("joined");
      }
      assertThat(bob.request(3, "add").getString("type")).isEqualTo("reply");
      assertThat(Admin.instance(game.node(), alice.instance()).getInteger("restarts")).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("in start of a replacement is detected too, and the next replacement serves")
  void hangInStart() {
    game.on(gamebus);
    try (Player alice = game.player()) {
      game.arm("start-hang", 1);
      alice.request(1, "crash");
      JsonObject moved = alice.next("moved");
      assertThat(moved.getString("reason")).isEqualTo("crash");
      alice.push("joined");
      assertThat(alice.request(2, "add").getString("type")).isEqualTo("reply");
      assertThat(Admin.instance(game.node(), alice.instance()).getInteger("restarts")).isEqualTo(2);
    }
  }

  @Test
  @DisplayName("in one of the game's own timers is detected by the game pool's watchdog")
  void hangInTimer() {
    game.on(gamebus);
    try (Player alice = game.player()) {
      assertThat(alice.request(1, "timer-spin").getString("type")).isEqualTo("reply");
      assertThat(alice.next("moved").getString("reason")).isEqualTo("crash");
      alice.push("joined");
      assertThat(alice.request(2, "get").getString("type")).isEqualTo("reply");
    }
  }
}
