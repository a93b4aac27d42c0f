package io.gamebus.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.supervisor.SupervisedGame.Player;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Messages in flight when an instance crashes")
class InFlightTest {
  private final SupervisedGame game = new SupervisedGame();

  @AfterEach
  void stop() {
    game.close();
  }

  @Test
  @DisplayName("each get a reply or an error, never silence; the ones after the crash reach the new game in order")
  void answeredInOrder() {
    game.start();
    try (Player alice = game.player()) {
      alice.send(1L, "add", new JsonObject());
      alice.send(2L, "crash", new JsonObject());
      for (long id = 3; id <= 12; id++) {
        alice.send(id, "add", new JsonObject());
      }
      Map<Long, JsonObject> answers = answers(alice, 12);
      assertThat(answers.get(1L).getString("type")).isEqualTo("reply");
      assertThat(answers.get(2L).getString("code")).isEqualTo("game_error");
      // No snapshot was taken (snapshotMs 0): the new game counts from 0, in the order sent.
      for (long id = 3; id <= 12; id++) {
        assertThat(answers.get(id).getString("type")).isEqualTo("reply");
        assertThat(answers.get(id).getJsonObject("body").getLong("count")).isEqualTo(id - 2);
      }
    }
  }

  @Test
  @DisplayName("a request the old game held without answering gets game_error at once, not a timeout")
  void heldRequestAnswered() {
    game.start();
    try (Player alice = game.player(); Player bob = game.player()) {
      bob.send(1L, "later", new JsonObject().put("ms", 60_000));
      bob.request(2, "get"); // the game has taken request 1
      alice.request(1, "crash");
      JsonObject error = bob.next("error");
      assertThat(error.getLong("id")).isEqualTo(1);
      assertThat(error.getString("code")).isEqualTo("game_error");
      assertThat(bob.next("moved").getString("reason")).isEqualTo("crash");
    }
  }

  @Test
  @DisplayName("sent while the replacement waits out its backoff are delivered to it, in order")
  void duringReplacement() throws InterruptedException {
    game.start();
    try (Player alice = game.player(); Player bob = game.player()) {
      game.arm("start", 2); // the replacement starts after 100 + 200 ms
      assertThat(alice.request(1, "crash").getString("code")).isEqualTo("game_error");
      for (long id = 1; id <= 10; id++) {
        bob.send(id, "add", new JsonObject());
        Thread.sleep(10); // spreads the sends over the backoff: the arrival pattern under test
      }
      Map<Long, JsonObject> answers = answers(bob, 10);
      for (long id = 1; id <= 10; id++) {
        assertThat(answers.get(id).getJsonObject("body").getLong("count")).isEqualTo(id);
      }
      assertThat(alice.next("moved").getString("reason")).isEqualTo("crash");
    }
  }

  @Test
  @DisplayName("from players of other instances are not disturbed")
  void otherInstancesServe() {
    game.instances(2).start();
    try (Player alice = game.player(); Player bob = game.player()) {
      assertThat(bob.instance()).isNotEqualTo(alice.instance());
      alice.send(1L, "crash", new JsonObject());
      for (long id = 1; id <= 20; id++) {
        bob.send(id, "add", new JsonObject());
      }
      Map<Long, JsonObject> answers = answers(bob, 20);
      for (long id = 1; id <= 20; id++) {
        assertThat(answers.get(id).getJsonObject("body").getLong("count")).isEqualTo(id);
      }
      assertThat(bob.client().poll(200)).isNull();
    }
  }

  @Test
  @DisplayName("a burst of messages straight into the game, with the game replaced in its middle, is applied once each, in the order sent")
  void burstAcrossReplacement() {
    game.start();
    try (Player alice = game.player()) {
      // Under the connection's rate limit (200 a second, in bursts of up to 200).
      for (long id = 1; id <= 180; id++) {
        alice.send(id, "add", new JsonObject());
        if (id == 90) {
          // The operator's restart snapshots after what is queued and hands the rest to the new game.
          assertThat(game.node().admin().post("/admin/instances/" + alice.instance() + "/restart", new byte[0])
              .statusCode()).isEqualTo(200);
        }
      }
      Map<Long, JsonObject> answers = answers(alice, 180);
      for (long id = 1; id <= 180; id++) {
        assertThat(answers.get(id).getString("type")).as("answer to %d", id).isEqualTo("reply");
        assertThat(answers.get(id).getJsonObject("body").getLong("count")).as("count after add %d", id).isEqualTo(id);
      }
    }
  }

  /** The answers (reply or error with an id) to requests 1..count, skipping everything else. */
  private static Map<Long, JsonObject> answers(Player player, int count) {
    Map<Long, JsonObject> answers = new HashMap<>();
    while (answers.size() < count) {
      JsonObject message = player.client().next(m -> m.containsKey("id")
          && ("reply".equals(m.getString("type")) || "error".equals(m.getString("type"))));
      answers.put(message.getLong("id"), message);
    }
    return answers;
  }
}
