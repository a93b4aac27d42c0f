package io.gamebus.supervisor;

import static io.gamebus.supervisor.Timing.p50;
import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.supervisor.SupervisedGame.Player;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A node's game instances on a small pool of game threads")
class GamePoolTest {
  private static final int INSTANCES = 1_000;
  private static final int HANG_MS = 3_000;
  private final SupervisedGame game = new SupervisedGame();

  @AfterEach
  void stop() {
    game.close();
  }

  @Test
  @DisplayName("1,000 instances on 2 threads with one game stuck: the others answer as fast as before, and the pool is back to 2 live threads")
  void oneStuckGameAmongAThousand() {
    game.instances(INSTANCES).supervisor("gameThreads", 2).supervisor("hangMs", HANG_MS).start();
    assertThat(Admin.metric(game.node(), "gamebus_instances")).isEqualTo(INSTANCES);
    assertThat(Admin.metric(game.node(), "gamebus_game_threads")).isEqualTo(2);
    try (Player stuck = game.player()) {
      List<Player> others = new ArrayList<>();
      Set<String> instances = new HashSet<>(Set.of(stuck.instance()));
      while (others.size() < 10) {
        Player player = game.player();
        if (instances.add(player.instance())) {
          others.add(player);
        } else {
          player.close();
        }
      }
      List<Long> before = latencies(others, 5, 1_000);
      long blocked = System.nanoTime();
      stuck.send(1L, "block", new JsonObject().put("announce", true)); // deaf to interrupts: its thread stays stuck
      game.awaitBusy();
      List<Long> during = latencies(others, 10, 2_000);
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - blocked)).as("measured before the hang was detected")
          .isLessThan(HANG_MS);
      System.out.printf("other instances, round trips in µs: before p50 %d max %d; while one game is stuck p50 %d max %d%n",
          p50(before), Collections.max(before), p50(during), Collections.max(during));
      // Generous bounds: two busy cores shared with the test's clients.
      assertThat(p50(during)).isLessThan(Math.max(20_000, 5 * p50(before)));
      assertThat(Collections.max(during)).isLessThan(1_000_000);

      assertThat(stuck.next("error").getString("code")).isEqualTo("game_error");
      assertThat(Admin.metric(game.node(), "gamebus_abandoned_threads")).isEqualTo(1);
      assertThat(Admin.metric(game.node(), "gamebus_game_threads")).isEqualTo(2);
      assertThat(stuck.next("moved").getString("reason")).isEqualTo("crash");
      assertThat(stuck.request(2, "get").getString("type")).isEqualTo("reply");
      assertThat(latencies(others, 2, 3_000)).allMatch(us -> us < 1_000_000);
      others.forEach(Player::close);
    }
  }

  /** Round trips (µs) of one request from each player, {@code rounds} times. */
  private static List<Long> latencies(List<Player> players, int rounds, long firstId) {
    List<Long> samples = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      for (Player player : players) {
        long start = System.nanoTime();
        assertThat(player.request(firstId + i, "get").getString("type")).isEqualTo("reply");
        samples.add(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start));
      }
    }
    return samples;
  }
}
