package io.gamebus.hotswap;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.testing.AdminClient;
import io.gamebus.testing.RequestsInFlight;
import io.gamebus.testing.TestClient;
import io.gamebus.testing.TestNode;
import io.gamebus.testing.games.Counter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Hot swap")
class HotSwapTest {
  static final String GAME = "counter";
  TestNode node;
  AdminClient admin;

  @BeforeEach
  void start() {
    // Requests flow as fast as answers come across a swap: keep the rate limit out of the way.
    node = TestNode.start(new JsonObject().put("games", new JsonArray())
        .put("gateway", new JsonObject().put("maxMessagesPerSecond", 1_000_000)));
    admin = node.admin();
    assertThat(upload("1.0.0", "").statusCode()).isEqualTo(200);
  }

  @AfterEach
  void stop() {
    node.close();
  }

  static byte[] jar(String version) {
    return TestJar.game(GAME, version, Counter.class).bytes();
  }

  HttpResponse<String> upload(String version, String query) {
    return admin.post("/admin/games" + query, jar(version));
  }

  JsonObject games() {
    return new JsonObject(admin.get("/admin/games").body());
  }

  @Test
  @DisplayName("migrate moves players with their state to the new version, answering every request and closing no connection")
  void migrateKeepsStateAndConnections() throws Exception {
    try (TestClient player = node.tcp()) {
      player.hello(GAME);
      for (long i = 1; i <= 5; i++) {
        player.request(i, "add", new JsonObject());
      }
      AtomicBoolean swapping = new AtomicBoolean(true);
      Thread swap = new Thread(() -> {
        assertThat(upload("2.0.0", "").statusCode()).isEqualTo(200);
        swapping.set(false);
      });
      swap.start();
      List<JsonObject> answers = new ArrayList<>();
      JsonObject moved = null;
      long id = 100;
      // Keep requests flowing across the swap, each answered before the next.
      while (swapping.get() || moved == null) {
        player.send(new JsonObject().put("type", "msg").put("route", "add").put("id", ++id));
        JsonObject answer = player.next(m -> !"push".equals(m.getString("type")));
        if ("moved".equals(answer.getString("type"))) {
          moved = answer;
          answer = player.next(m -> "reply".equals(m.getString("type")) || "error".equals(m.getString("type")));
        }
        answers.add(answer);
        assertThat(id).isLessThan(100_000);
      }
      swap.join();
      assertThat(moved.getString("reason")).isEqualTo("hotswap");
      assertThat(moved.getString("version")).isEqualTo("2.0.0");
      assertThat(answers).allSatisfy(a -> assertThat(a.getString("type")).isEqualTo("reply"));
      JsonObject last = player.request(++id, "get", new JsonObject());
      assertThat(last.getJsonObject("body").getString("version")).isEqualTo("2.0.0");
      assertThat(last.getJsonObject("body").getLong("count")).isEqualTo(5 + answers.size());
      assertThat(player.isClosed()).isFalse();
    }
    JsonArray versions = games().getJsonArray("games").getJsonObject(0).getJsonArray("versions");
    assertThat(versions).hasSize(1);
    assertThat(versions.getJsonObject(0).getString("version")).isEqualTo("2.0.0");
  }

  @Test
  @DisplayName("migrate answers every request of players that keep many in flight across swap after swap")
  void migrateAnswersPipelinedRequests() throws Exception {
    answersEveryRequestKeptInFlightAcross(() -> {
      for (int version = 2; version <= 9; version++) {
        assertThat(upload(version + ".0.0", "").statusCode()).isEqualTo(200);
      }
    });
  }

  @Test
  @DisplayName("a drain deadline answers every request of players that keep many in flight as they are moved")
  void drainDeadlineAnswersPipelinedRequests() throws Exception {
    answersEveryRequestKeptInFlightAcross(
        () -> assertThat(upload("2.0.0", "?mode=drain&drainSeconds=1").statusCode()).isEqualTo(200));
  }

  @Test
  @DisplayName("retiring a version answers every request of players that keep many in flight as they are moved")
  void retireAnswersPipelinedRequests() throws Exception {
    answersEveryRequestKeptInFlightAcross(() -> {
      assertThat(upload("2.0.0", "?mode=drain").statusCode()).isEqualTo(200);
      assertThat(admin.delete("/admin/games/" + GAME + "/versions/1.0.0").statusCode()).isEqualTo(200);
    });
  }

  /** 12 players keep requests in flight while {@code swap} runs, until each was moved: every one is answered {@code reply}. */
  private void answersEveryRequestKeptInFlightAcross(Runnable swap) throws InterruptedException {
    List<TestClient> players = new ArrayList<>();
    try {
      for (int i = 0; i < 12; i++) {
        TestClient player = node.tcp();
        player.hello(GAME);
        players.add(player);
      }
      assertThat(RequestsInFlight.across(players, "add", swap)).isEmpty();
    } finally {
      players.forEach(TestClient::close);
    }
  }

  @Test
  @DisplayName("drain sends new players to the new version, lets old ones finish, then removes the old version")
  void drainLetsOldPlayersFinish() {
    try (TestClient old = node.tcp()) {
      old.hello(GAME);
      old.request(1, "add", new JsonObject());
      assertThat(upload("2.0.0", "?mode=drain").statusCode()).isEqualTo(200);
      try (TestClient fresh = node.tcp()) {
        assertThat(fresh.hello(GAME).getString("version")).isEqualTo("2.0.0");
      }
      JsonObject stillOld = old.request(2, "get", new JsonObject());
      assertThat(stillOld.getJsonObject("body").getString("version")).isEqualTo("1.0.0");
      assertThat(versionStates()).containsEntry("1.0.0", "draining");
      old.send(new JsonObject().put("type", "bye"));
      assertThat(old.next("closing").getString("reason")).isEqualTo("bye");
    }
    awaitVersions("2.0.0");
  }

  @Test
  @DisplayName("drain moves the players still there when drainSeconds run out")
  void drainDeadlineMovesTheRest() {
    try (TestClient old = node.tcp()) {
      old.hello(GAME);
      assertThat(upload("2.0.0", "?mode=drain&drainSeconds=1").statusCode()).isEqualTo(200);
      JsonObject moved = old.next("moved");
      assertThat(moved.getString("reason")).isEqualTo("hotswap");
      assertThat(moved.getString("version")).isEqualTo("2.0.0");
      JsonObject reply = old.request(5, "get", new JsonObject());
      assertThat(reply.getJsonObject("body").getString("version")).isEqualTo("2.0.0");
    }
    awaitVersions("2.0.0");
  }

  @Test
  @DisplayName("retiring a version moves its players to the newest other active version; unknown is 404, the last one 409")
  void retireMovesPlayersAndRefusesTheLastVersion() {
    try (TestClient old = node.tcp()) {
      old.hello(GAME);
      assertThat(upload("2.0.0", "?mode=drain").statusCode()).isEqualTo(200);
      HttpResponse<String> retired = admin.delete("/admin/games/" + GAME + "/versions/1.0.0");
      assertThat(retired.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(retired.body())).isEqualTo(
          new JsonObject().put("game", GAME).put("version", "1.0.0").put("retired", true));
      JsonObject moved = old.next("moved");
      assertThat(moved.getString("reason")).isEqualTo("hotswap");
      assertThat(moved.getString("version")).isEqualTo("2.0.0");
    }
    assertThat(admin.delete("/admin/games/" + GAME + "/versions/9.9.9").statusCode()).isEqualTo(404);
    assertThat(admin.delete("/admin/games/nosuchgame/versions/1.0.0").statusCode()).isEqualTo(404);
    assertThat(admin.delete("/admin/games/" + GAME + "/versions/2.0.0").statusCode()).isEqualTo(409);
  }

  @Test
  @DisplayName("uploading an older version again rolls back to it, with the players and their state")
  void uploadingAnOlderVersionRollsBack() {
    try (TestClient player = node.tcp()) {
      player.hello(GAME);
      player.request(1, "add", new JsonObject());
      assertThat(upload("2.0.0", "").statusCode()).isEqualTo(200);
      assertThat(player.next("moved").getString("version")).isEqualTo("2.0.0");
      assertThat(upload("1.0.0", "").statusCode()).isEqualTo(200);
      assertThat(player.next("moved").getString("version")).isEqualTo("1.0.0");
      JsonObject reply = player.request(2, "get", new JsonObject());
      assertThat(reply.getJsonObject("body").getLong("count")).isEqualTo(1);
      assertThat(reply.getJsonObject("body").getString("version")).isEqualTo("1.0.0");
    }
    awaitVersions("1.0.0");
  }

  @Test
  @DisplayName("a bad jar, a bad parameter or a version already running is a 400 that leaves the running version alone")
  void badUploadsAreRefused() {
    HttpResponse<String> notAJar = admin.post("/admin/games", "hello".getBytes());
    assertThat(notAJar.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(notAJar.body()).getString("error")).isNotBlank();
    HttpResponse<String> noManifest = admin.post("/admin/games",
        TestJar.game(GAME, "3.0.0", Counter.class).withoutManifest().bytes());
    assertThat(noManifest.statusCode()).isEqualTo(400);
    assertThat(admin.post("/admin/games", new byte[0]).statusCode()).isEqualTo(400);
    assertThat(upload("1.0.0", "").statusCode()).isEqualTo(400);
    assertThat(new JsonObject(upload("1.0.0", "").body()).getString("error")).contains("already running");
    assertThat(upload("3.0.0", "?mode=sideways").statusCode()).isEqualTo(400);
    assertThat(upload("3.0.0", "?instances=0").statusCode()).isEqualTo(400);
    assertThat(admin.getWithoutToken("/admin/games").statusCode()).isEqualTo(401);
    assertThat(versionStates()).containsOnlyKeys("1.0.0").containsEntry("1.0.0", "active");
  }

  @Test
  @DisplayName("instances=N starts that many instances of the new version")
  void instancesParameterSetsTheCount() {
    HttpResponse<String> response = upload("2.0.0", "?instances=3");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject body = new JsonObject(response.body());
    assertThat(body.getString("game")).isEqualTo(GAME);
    assertThat(body.getString("version")).isEqualTo("2.0.0");
    assertThat(body.getJsonArray("instances")).hasSize(3);
    assertThat(body.getJsonArray("instances").getJsonObject(0).fieldNames())
        .containsExactlyInAnyOrder("id", "game", "version", "node", "state", "sessions", "capacity", "restarts");
  }

  /** Version to the state of its first instance. */
  java.util.Map<String, String> versionStates() {
    java.util.Map<String, String> states = new java.util.TreeMap<>();
    for (Object game : games().getJsonArray("games")) {
      JsonObject g = (JsonObject) game;
      if (!GAME.equals(g.getString("name"))) {
        continue;
      }
      for (Object version : g.getJsonArray("versions")) {
        JsonObject v = (JsonObject) version;
        states.put(v.getString("version"), v.getJsonArray("instances").getJsonObject(0).getString("state"));
      }
    }
    return states;
  }

  void awaitVersions(String... versions) {
    long deadline = System.currentTimeMillis() + 10_000;
    while (!versionStates().keySet().equals(new java.util.TreeSet<>(List.of(versions)))) {
      assertThat(System.currentTimeMillis()).as("versions running: " + versionStates()).isLessThan(deadline);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
