package io.gamebus.supervisor;

import static io.gamebus.supervisor.Timing.p50;
import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.supervisor.SupervisedGame.Player;
import io.gamebus.testing.TestNode;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A game stuck in a loop, as its node sees it")
class HangNodeTest {
  private static final int HANG_MS = 1_000;
  private final SupervisedGame game = new SupervisedGame();

  @AfterEach
  void stop() {
    game.close();
  }

  @Test
  @DisplayName("on a request whose timeout came first: the player gets timeout, not also game_error")
  void timeoutFirst() {
    game.supervisor("hangMs", 1_500).requestTimeoutMs(300).start();
    try (Player alice = game.player()) {
      JsonObject timeout = alice.request(1, "spin");
      assertThat(timeout.getString("code")).isEqualTo("timeout");
      JsonObject next = alice.client().next();
      assertThat(next.getString("type")).isEqualTo("moved");
    }
  }

  @Test
  @DisplayName("does not slow the other instances or the gateway down")
  void othersUnaffected() {
    // A long hangMs: the measurement runs while the game spins, before it is replaced.
    game.instances(2).supervisor("hangMs", 5_000).start();
    try (Player alice = game.player(); Player bob = game.player(); Player carol = game.player()) {
      assertThat(bob.instance()).isNotEqualTo(alice.instance());
      List<Long> before = latencies(bob, carol, 20, 1_000);
      alice.send(1L, "spin", new JsonObject().put("ms", 3_000).put("stubborn", true).put("announce", true));
      game.awaitBusy();
      List<Long> during = latencies(bob, carol, 40, 2_000);
      System.out.printf("other instance and gateway, round trips in µs: before p50 %d max %d; while one spins p50 %d max %d%n",
          p50(before), Collections.max(before), p50(during), Collections.max(during));
      // Generous bounds: two busy cores, one of them taken by the spinning game.
      assertThat(p50(during)).isLessThan(50_000);
      assertThat(Collections.max(during)).isLessThan(1_000_000);
      assertThat(alice.next("reply").getLong("id")).isEqualTo(1); // a long call, not a hang (under hangMs)
    }
  }

  @Test
  @DisplayName("past supervisor.maxAbandonedThreads stuck threads, the node reports not ready until they return")
  void abandonedThreads() {
    game.supervisor("hangMs", HANG_MS).supervisor("maxAbandonedThreads", 0).start();
    try (Player alice = game.player()) {
      assertThat(game.node().admin().getWithoutToken("/ready").statusCode()).isEqualTo(200);
      alice.send(1L, "block", new JsonObject());
      assertThat(alice.next("error").getString("code")).isEqualTo("game_error");
      assertThat(Admin.metric(game.node(), "gamebus_abandoned_threads")).isEqualTo(1.0);
      assertThat(game.node().admin().getWithoutToken("/ready").statusCode()).isEqualTo(503);
      assertThat(game.node().admin().getWithoutToken("/ready").body()).contains("maxAbandonedThreads");

      game.release();
      TestNode.await("the abandoned thread returned", () -> Admin.metric(game.node(), "gamebus_abandoned_threads") == 0);
      assertThat(game.node().admin().getWithoutToken("/ready").statusCode()).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("for good does not keep its node from stopping")
  void nodeStops() {
    game.supervisor("hangMs", HANG_MS).start();
    try (Player alice = game.player()) {
      alice.send(1L, "block", new JsonObject());
      assertThat(alice.next("error").getString("code")).isEqualTo("game_error");
      alice.next("moved");
      // the replacement gets stuck too, and stays so
      alice.send(2L, "block", new JsonObject().put("announce", true));
      game.awaitBusy();
      long start = System.nanoTime();
      game.node().stop();
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
    }
  }

  /** Round trips (µs) of one request to bob's instance and one ping through carol's gateway, each. */
  private static List<Long> latencies(Player bob, Player carol, int rounds, long firstId) {
    List<Long> samples = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      long start = System.nanoTime();
      assertThat(bob.request(firstId + i, "get").getString("type")).isEqualTo("reply");
      samples.add(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start));
      start = System.nanoTime();
      carol.client().send(new JsonObject().put("type", "ping").put("id", firstId + i));
      carol.client().next("pong");
      samples.add(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start));
    }
    return samples;
  }
}
