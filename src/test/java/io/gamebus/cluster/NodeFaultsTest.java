package io.gamebus.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.hotswap.TestJar;
import io.gamebus.testing.ProcessCluster;
import io.gamebus.testing.Snapshots;
import io.gamebus.testing.TestClient;
import io.gamebus.testing.games.Counter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Node processes of a real cluster, killed (SIGKILL), stopped (SIGTERM) and started again. */
@DisplayName("A cluster meeting real faults")
class NodeFaultsTest {
  @TempDir
  Path dir;
  private ProcessCluster cluster;
  private final List<TestClient> clients = new ArrayList<>();

  @AfterEach
  void stop() {
    clients.forEach(TestClient::close);
    if (cluster != null) {
      cluster.close();
    }
  }

  private static JsonObject withGame(String game, int instances) {
    return new JsonObject()
        .put("gateway", new JsonObject().put("defaultGame", game))
        .put("games", new JsonArray().add(new JsonObject().put("name", game).put("instances", instances)
            .put("capacity", 100).put("snapshotMs", 100)));
  }

  private TestClient client(String gatewayNode) {
    TestClient client = cluster.tcp(gatewayNode);
    clients.add(client);
    return client;
  }

  @Test
  @DisplayName("a node killed and started again under the same id: no instance id listed twice, every request answered,"
      + " and the instances taken over from it retire once their players left")
  void nodeComesBackUnderTheSameId() {
    JsonObject overrides = withGame("echo", 2);
    overrides.getJsonObject("gateway").put("resumeSeconds", 3);
    cluster = new ProcessCluster(dir, overrides, "a", "b").start();
    List<TestClient> onB = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      TestClient client = client("a");
      if ("b".equals(client.hello("echo").getString("node"))) {
        onB.add(client);
      }
    }
    assertThat(onB).as("sessions placed on b's instances").isNotEmpty();

    cluster.kill("b");
    for (TestClient client : onB) {
      JsonObject moved = client.next("moved");
      assertThat(moved.getString("reason")).isEqualTo("node_lost");
      assertThat(moved.getString("instance")).as("an instance that is not an id of the lost node")
          .doesNotStartWith("echo-b-");
    }
    cluster.start("b");
    for (TestClient client : List.of(client("b"), client("b"), client("b"), client("b"))) {
      client.hello("echo");
    }
    assertNoIdTwice("a");
    assertNoIdTwice("b");

    for (TestClient client : clients) {
      for (int i = 1; i <= 20; i++) {
        JsonObject answer = client.request(100 + i, "echo", new JsonObject().put("i", i));
        assertThat(answer.getString("type")).as("answer to request %d: %s", i, answer).isEqualTo("reply");
        assertThat(answer.getJsonObject("body").getInteger("i")).isEqualTo(i);
      }
    }

    onB.forEach(client -> client.send(new JsonObject().put("type", "bye")));
    long deadline = System.currentTimeMillis() + 30_000;
    List<String> shape = instanceNodes("a");
    while (!shape.equals(List.of("a", "a", "b", "b")) && System.currentTimeMillis() < deadline) {
      TestClient.pause(250);
      shape = instanceNodes("a");
    }
    assertThat(shape).as("the nodes of the instances listed, back to the configured two per node").containsExactly("a", "a", "b", "b");
  }

  @Test
  @DisplayName("the players a killed gateway node held on other nodes' instances leave them once the resume window is over")
  void playersOfAKilledGatewayLeaveAfterTheResumeWindow() {
    JsonObject overrides = withGame("echo", 1);
    overrides.getJsonObject("gateway").put("resumeSeconds", 2);
    cluster = new ProcessCluster(dir, overrides, "a", "b").start();
    int onA = 0;
    for (int i = 0; i < 6; i++) {
      onA += "a".equals(client("b").hello("echo").getString("node")) ? 1 : 0;
    }
    assertThat(onA).as("sessions placed on a's instance through b's gateway").isPositive();
    assertThat(sessionsOn("a")).isEqualTo(onA);

    cluster.kill("b");
    long deadline = System.currentTimeMillis() + 15_000;
    while (sessionsOn("a") > 0 && System.currentTimeMillis() < deadline) {
      TestClient.pause(250);
    }
    assertThat(sessionsOn("a")).as("sessions left on a's instance").isZero();
  }

  /** The sessions of the instances on {@code node}, as that node lists them. */
  private int sessionsOn(String node) {
    return instances(node).stream().filter(i -> node.equals(i.getString("node")))
        .mapToInt(i -> i.getInteger("sessions")).sum();
  }

  private List<String> instanceNodes(String node) {
    return instances(node).stream().map(i -> i.getString("node")).sorted().toList();
  }

  private void assertNoIdTwice(String node) {
    assertThat(instances(node).stream().map(i -> i.getString("id")).toList()).as("instance ids listed by %s", node)
        .doesNotHaveDuplicates();
  }

  /** Every instance {@code /admin/games} of a node lists. */
  private List<JsonObject> instances(String node) {
    JsonObject games = new JsonObject(cluster.admin(node).get("/admin/games").body());
    List<JsonObject> instances = new ArrayList<>();
    for (Object game : games.getJsonArray("games")) {
      for (Object version : ((JsonObject) game).getJsonArray("versions")) {
        ((JsonObject) version).getJsonArray("instances").forEach(i -> instances.add((JsonObject) i));
      }
    }
    return instances;
  }

  @Test
  @DisplayName("a client whose gateway node was killed resumes at once on another node's gateway, answered within 2 s")
  void resumeRightAfterTheGatewayWasKilled() {
    cluster = new ProcessCluster(dir, withGame("echo", 1), "a", "b", "c").start();
    Map<String, JsonObject> welcomes = new LinkedHashMap<>();
    TestClient elsewhere = null;
    TestClient alongside = null;
    for (int i = 0; i < 9 && (elsewhere == null || alongside == null); i++) {
      TestClient client = client("b");
      JsonObject welcome = client.hello("echo");
      assertThat(client.request(2, "echo", new JsonObject()).getString("type")).isEqualTo("reply");
      if ("b".equals(welcome.getString("node")) && alongside == null) {
        alongside = client;
        welcomes.put("alongside", welcome);
      } else if (!"b".equals(welcome.getString("node")) && elsewhere == null) {
        elsewhere = client;
        welcomes.put("elsewhere", welcome);
      }
    }
    assertThat(welcomes).as("sessions on b's instance and on another's").hasSize(2);

    cluster.kill("b");
    Map<String, Long> answeredMs = new LinkedHashMap<>();
    welcomes.forEach((which, welcome) -> {
      TestClient back = client("a");
      long sent = System.nanoTime();
      back.send(new JsonObject().put("type", "hello").put("resume", welcome.getString("resume")).put("id", 7));
      JsonObject answer = back.next(m -> !"push".equals(m.getString("type")));
      answeredMs.put(which, (System.nanoTime() - sent) / 1_000_000);
      assertThat(answer.getString("type")).as("answer to the resume of the session %s: %s", which, answer)
          .isEqualTo("welcome");
      assertThat(answer.getString("session")).isEqualTo(welcome.getString("session"));
      assertThat(answer.getBoolean("resumed")).isTrue();
      JsonObject reply = back.request(8, "echo", new JsonObject().put("back", which));
      assertThat(reply.getString("type")).as("request after resuming: %s", reply).isEqualTo("reply");
    });
    System.out.println("resume after the gateway's node was killed, hello to welcome (ms): " + answeredMs);
    assertThat(answeredMs.get("elsewhere")).as("ms to the welcome, instance alive elsewhere").isLessThan(2_000);
    assertThat(answeredMs.get("alongside")).as("ms to the welcome, instance lost with the gateway").isLessThan(5_000);
  }

  @Test
  @DisplayName("with cluster.backups 2, two of three nodes killed 3 s apart lose no session: every player resumes with its state")
  void twoLossesInARow() {
    JsonObject overrides = withGame("arena", 1).put("cluster", new JsonObject().put("backups", 2));
    cluster = new ProcessCluster(dir, overrides, "a", "b", "c").start();
    Map<String, JsonObject> welcomes = new LinkedHashMap<>();
    Map<String, TestClient> viaA = new LinkedHashMap<>();
    for (String gateway : List.of("a", "b", "c")) {
      for (int i = 0; i < 2; i++) {
        TestClient client = client(gateway);
        JsonObject welcome = client.hello("arena");
        String name = gateway + i;
        assertThat(client.request(2, "name", new JsonObject().put("name", name)).getString("type")).isEqualTo("reply");
        welcomes.put(name, welcome);
        if (gateway.equals("a")) {
          viaA.put(name, client);
        }
      }
    }
    for (String node : List.of("b", "c")) {
      Snapshots.awaitFresh(cluster.admin(node), "arena", () -> { }); // since the names were set
    }

    cluster.kill("b");
    TestClient.pause(3_000); // the scenario: the second loss about 3 s after the first
    cluster.kill("c");

    Set<String> resumed = new HashSet<>();
    welcomes.forEach((name, welcome) -> {
      TestClient client = viaA.get(name);
      if (client == null) {
        client = client("a");
        long sent = System.nanoTime();
        client.send(new JsonObject().put("type", "hello").put("resume", welcome.getString("resume")).put("id", 7));
        JsonObject answer = client.next(m -> !"push".equals(m.getString("type")));
        assertThat(answer.getString("type")).as("answer to the resume of %s: %s", name, answer).isEqualTo("welcome");
        assertThat((System.nanoTime() - sent) / 1_000_000).as("ms from the hello to the welcome of %s", name)
            .isLessThan(5_000);
        assertThat(answer.getString("session")).isEqualTo(welcome.getString("session"));
        resumed.add(name);
      }
      JsonObject players = stateOnceServing(client).getJsonObject("players");
      assertThat(players.getJsonObject(welcome.getString("session"))).as("%s in its game's state", name).isNotNull();
      assertThat(players.getJsonObject(welcome.getString("session")).getString("name")).isEqualTo(name);
    });
    assertThat(resumed).hasSize(4);
  }

  @Test
  @DisplayName("two of three nodes killed at once: the players of both lost nodes' instances are moved to the survivor")
  void twoLossesAtOnce() {
    cluster = new ProcessCluster(dir, withGame("echo", 1), "a", "b", "c").start();
    Map<String, TestClient> byNode = new LinkedHashMap<>();
    for (int i = 0; i < 30 && byNode.size() < 3; i++) {
      TestClient client = client("c");
      byNode.putIfAbsent(client.hello("echo").getString("node"), client);
    }
    assertThat(byNode).as("sessions on the instances of a, b and c").containsKeys("a", "b", "c");

    cluster.kill("a");
    cluster.kill("b");
    for (String lost : List.of("a", "b")) {
      TestClient client = byNode.get(lost);
      JsonObject moved = client.next("moved");
      assertThat(moved.getString("reason")).isEqualTo("node_lost");
      assertThat(moved.getString("node")).as("the node of the instance the player of %s's went to", lost).isEqualTo("c");
      JsonObject answer = client.request(50, "echo", new JsonObject());
      assertThat(answer.getString("type")).as("answer after the move: %s", answer).isEqualTo("reply");
    }
  }

  @Test
  @DisplayName("a node told SIGTERM while it holds a taken-over instance settling back moves that instance's players too")
  void sigtermWhileATakeoverSettles() {
    JsonObject overrides = withGame("echo", 1);
    overrides.getJsonObject("gateway").put("resumeSeconds", 2);
    cluster = new ProcessCluster(dir, overrides, "a", "b", "c").start();
    List<TestClient> onB = new ArrayList<>();
    for (int i = 0; i < 30 && onB.size() < 2; i++) {
      TestClient client = client("c");
      if ("b".equals(client.hello("echo").getString("node"))) {
        onB.add(client);
      }
    }
    assertThat(onB).as("sessions on b's instance, through c's gateway").hasSize(2);
    cluster.kill("b");
    String takeover = null;
    for (TestClient client : onB) {
      takeover = client.next("moved").getString("instance");
    }
    assertThat(takeover).as("the instance that took b's over, on a (the first survivor)").startsWith("echo-a-");
    cluster.start("b");
    String settling = takeover;
    long deadline = System.currentTimeMillis() + 30_000;
    while (instances("c").stream().noneMatch(i -> i.getString("id").equals(settling)
        && "draining".equals(i.getString("state")))) {
      assertThat(System.currentTimeMillis()).as("%s settling back (draining) in time", settling).isLessThan(deadline);
      TestClient.pause(200);
    }

    assertThat(cluster.terminate("a", 30)).as("exit status of a").isZero();
    for (TestClient client : onB) {
      JsonObject moved = client.next("moved");
      assertThat(moved.getString("reason")).as("%s", moved).isEqualTo("shutdown");
      JsonObject answer = client.request(60, "echo", new JsonObject());
      assertThat(answer.getString("type")).as("answer after the move: %s", answer).isEqualTo("reply");
    }
  }

  @Test
  @DisplayName("a lost instance of a version the cluster moved on from is taken over by the current one, with its state")
  void lostOldVersionRunsAsTheCurrentOne() {
    cluster = new ProcessCluster(dir, new JsonObject(), "a", "b").start();
    assertThat(cluster.admin("b").post("/admin/games", counter("1.0.0")).statusCode()).isEqualTo(200);
    TestClient player = null;
    for (int i = 0; i < 20 && player == null; i++) {
      TestClient client = client("b");
      if ("a".equals(client.hello("counter").getString("node"))) {
        player = client;
      } else {
        client.send(new JsonObject().put("type", "bye")); // b's 1.0.0 instance is left empty
      }
    }
    assertThat(player).as("a session on a's instance").isNotNull();
    player.request(2, "add", new JsonObject());
    HttpResponse<String> swap = cluster.admin("b").post("/admin/games?mode=drain&drainSeconds=300", counter("2.0.0"));
    assertThat(swap.statusCode()).as(swap.body()).isEqualTo(200); // b retires its empty 1.0.0 at once
    // A's draining 1.0.0 instance has stored its count (uploaded games: a snapshot every 1 s).
    TestClient counting = player;
    Snapshots.awaitFresh(cluster.admin("a"), "counter", () -> counting.request(9, "get", new JsonObject()));

    cluster.kill("a");
    JsonObject moved = player.next("moved");
    assertThat(moved.getString("reason")).isEqualTo("node_lost");
    assertThat(moved.getString("version")).isEqualTo("2.0.0");
    JsonObject state = player.request(3, "get", new JsonObject());
    assertThat(state.getString("type")).as("answer after the move: %s", state).isEqualTo("reply");
    assertThat(state.getJsonObject("body").getInteger("count")).as("the count carried over").isEqualTo(1);
  }

  private static byte[] counter(String version) {
    return TestJar.game("counter", version, Counter.class).bytes();
  }

  /** The arena's state, asked until the instance answers (a request may meet the loss: game_error). */
  private static JsonObject stateOnceServing(TestClient client) {
    long deadline = System.currentTimeMillis() + 15_000;
    for (long id = 1_000; ; id++) {
      JsonObject answer = client.request(id, "state", new JsonObject());
      if ("reply".equals(answer.getString("type"))) {
        return answer.getJsonObject("body");
      }
      assertThat(answer.getString("code")).as("answer to state: %s", answer).isEqualTo("game_error");
      assertThat(System.currentTimeMillis()).as("state answered in time").isLessThan(deadline);
      TestClient.pause(200);
    }
  }

  @Test
  @DisplayName("a node told SIGTERM right after another member was killed exits 0 within 30 s")
  void sigtermAfterAPeerDied() {
    cluster = new ProcessCluster(dir, withGame("echo", 1), "a", "b", "c").start();
    for (int i = 0; i < 6; i++) {
      client("a").hello("echo");
    }
    cluster.kill("b");
    assertThat(cluster.terminate("a", 30)).as("exit status of a within 30 s of SIGTERM (-1: still running)").isZero();
  }
}
