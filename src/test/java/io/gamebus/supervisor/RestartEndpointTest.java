package io.gamebus.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.supervisor.SupervisedGame.Player;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("POST /admin/instances/{id}/restart")
class RestartEndpointTest {
  private final SupervisedGame game = new SupervisedGame();

  @AfterEach
  void stop() {
    game.close();
  }

  @Test
  @DisplayName("replaces the instance: 200 with INSTANCE, restarts counted, players moved (reason crash), no state lost")
  void restarts() {
    game.start(); // snapshotMs 0: only the restart's own snapshot can carry the count over
    try (Player alice = game.player(); Player bob = game.player()) {
      alice.request(1, "add", new JsonObject().put("by", 7));
      HttpResponse<String> response = restart(alice.instance());
      assertThat(response.statusCode()).isEqualTo(200);
      JsonObject instance = new JsonObject(response.body());
      assertThat(instance.fieldNames()).contains("id", "game", "version", "node", "state", "sessions", "capacity", "restarts");
      assertThat(instance.getString("id")).isEqualTo(alice.instance());
      assertThat(instance.getString("state")).isEqualTo("active");
      assertThat(instance.getInteger("restarts")).isEqualTo(1);
      assertThat(instance.getInteger("sessions")).isEqualTo(2);

      for (Player player : new Player[] {alice, bob}) {
        JsonObject moved = player.next("moved");
        assertThat(moved.getString("reason")).isEqualTo("crash");
        assertThat(moved.getString("instance")).isEqualTo(alice.instance());
        assertThat(player.push("joined").getJsonObject("body").getLong("count")).isEqualTo(7);
      }
      assertThat(bob.count(2)).isEqualTo(7);
      assertThat(Admin.metric(game.node(), "gamebus_restarts_total{game=\"" + game.name + "\"}")).isEqualTo(1.0);
    }
  }

  @Test
  @DisplayName("answers 404 for an unknown instance")
  void unknown() {
    game.start();
    HttpResponse<String> response = restart("nope-n1-9");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(response.body()).getString("error")).contains("nope-n1-9");
  }

  @Test
  @DisplayName("brings a failed instance back")
  void revives() {
    game.supervisor("maxRestarts", 0).start();
    String id;
    try (Player alice = game.player()) {
      id = alice.instance();
      alice.request(1, "crash");
      assertThat(alice.next("error").getString("code")).isEqualTo("unavailable");
    }
    assertThat(Admin.instance(game.node(), id).getString("state")).isEqualTo("failed");
    HttpResponse<String> response = restart(id);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(response.body()).getString("state")).isEqualTo("active");
    try (Player bob = game.player()) {
      assertThat(bob.instance()).isEqualTo(id);
      assertThat(bob.request(1, "add").getString("type")).isEqualTo("reply");
    }
  }

  private HttpResponse<String> restart(String id) {
    return game.node().admin().post("/admin/instances/" + id + "/restart", new byte[0]);
  }
}
