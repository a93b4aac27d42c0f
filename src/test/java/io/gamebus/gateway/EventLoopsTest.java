package io.gamebus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.testing.TestClient;
import io.gamebus.testing.TestGames;
import io.gamebus.testing.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A node with several gateway verticles, one per event loop, sharing the client ports. Which
 * verticle holds a connection is read from {@code gamebus_gateway_connections{loop=...}}.
 */
@DisplayName("A node's gateways on several event loops")
class EventLoopsTest {
  static final int LOOPS = 3;
  static final Pattern LOOP_SAMPLE = Pattern.compile("^gamebus_gateway_connections\\{loop=\"(\\d+)\",?\\} (\\S+)$");

  TestNode node;
  final List<TestClient> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    node = TestNode.start(TestGames.only(TestGames.SCRIPTED,
            TestGames.jarEntry(TestGames.scriptedJar(), 1, 100),
            new JsonObject().put("name", "echo").put("instances", 1).put("capacity", 100))
        .put("gateway", new JsonObject().put("defaultGame", TestGames.SCRIPTED).put("eventLoops", LOOPS)));
  }

  @AfterEach
  void stop() {
    clients.forEach(TestClient::close);
    node.close();
  }

  /** Open connections by gateway verticle. */
  int[] perLoop() {
    int[] counts = new int[LOOPS];
    String text = node.admin().getWithoutToken("/metrics").body();
    for (String line : text.split("\n")) {
      Matcher sample = LOOP_SAMPLE.matcher(line);
      if (sample.matches()) {
        counts[Integer.parseInt(sample.group(1))] = (int) Double.parseDouble(sample.group(2));
      }
    }
    return counts;
  }

  /** The sum of every sample of a meter, whatever its labels. */
  double sumOf(String meter) {
    double sum = 0;
    for (String line : node.admin().getWithoutToken("/metrics").body().split("\n")) {
      if (line.startsWith(meter + "{") || line.startsWith(meter + " ")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  /** Connects and waits until a gateway verticle counts the connection; returns that verticle's index. */
  int connect(TestClient.Kind kind) {
    int[] before = perLoop();
    TestClient client = node.connect(kind);
    clients.add(client);
    int[] loop = {-1};
    TestNode.await("a gateway verticle counts the new connection", () -> {
      int[] now = perLoop();
      for (int i = 0; i < LOOPS; i++) {
        if (now[i] == before[i] + 1) {
          loop[0] = i;
          return true;
        }
      }
      return false;
    });
    return loop[0];
  }

  TestClient last() {
    return clients.get(clients.size() - 1);
  }

  /** Connects until a connection lands on another gateway verticle than {@code loop}. */
  TestClient connectAwayFrom(int loop, TestClient.Kind kind) {
    for (int attempt = 0; attempt < 2 * LOOPS; attempt++) {
      if (connect(kind) != loop) {
        return last();
      }
    }
    throw new AssertionError("every connection landed on gateway verticle " + loop);
  }

  static JsonObject resume(TestClient client, JsonObject welcome, long id) {
    client.send(new JsonObject().put("type", "hello").put("resume", welcome.getString("resume")).put("id", id));
    return client.next();
  }

  @Test
  @DisplayName("accepts connections on every event loop and counts each connection, session and message once")
  void spreads() {
    int perKind = 2 * LOOPS;
    for (TestClient.Kind kind : TestClient.Kind.values()) {
      for (int i = 0; i < perKind; i++) {
        connect(kind);
        last().hello(TestGames.SCRIPTED);
        assertThat(last().request(2, "whoami", new JsonObject()).getString("type")).isEqualTo("reply");
      }
    }
    int total = 2 * perKind;
    int[] perLoop = perLoop();
    assertThat(perLoop).as("connections per gateway verticle").doesNotContain(0);
    assertThat(Arrays.stream(perLoop).sum()).isEqualTo(total);
    assertThat(node.metric("gamebus_connections")).isEqualTo(total);
    assertThat(sumOf("vertx_net_server_active_connections")).as("Vert.x's own count").isEqualTo(perKind);
    assertThat(sumOf("vertx_http_server_active_ws_connections")).as("Vert.x's own count").isEqualTo(perKind);
    assertThat(node.metric("gamebus_sessions")).isEqualTo(total);
    assertThat(node.metric("gamebus_messages_in_total")).as("a hello and a request each").isEqualTo(2 * total);
    assertThat(node.metric("gamebus_messages_out_total")).as("a welcome and a reply each").isEqualTo(2 * total);
    JsonObject games = new JsonObject(node.admin().get("/admin/games").body());
    JsonArray instances = games.getJsonArray("games").stream().map(JsonObject.class::cast)
        .filter(g -> TestGames.SCRIPTED.equals(g.getString("name"))).findFirst().orElseThrow()
        .getJsonArray("versions").getJsonObject(0).getJsonArray("instances");
    assertThat(instances.getJsonObject(0).getInteger("sessions")).as("the instance's sessions in /admin/games")
        .isEqualTo(total);
    JsonArray nodes = new JsonObject(node.admin().get("/admin/cluster").body()).getJsonArray("nodes");
    assertThat(nodes).as("/admin/cluster lists the node once").hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(TestClient.Kind.class)
  @DisplayName("resumes a session on another event loop's gateway with the pushes held for it, the game seeing no leave")
  void resumeOnAnotherLoop(TestClient.Kind kind) {
    int senderLoop = connect(TestClient.Kind.TCP);
    TestClient sender = last();
    sender.hello("echo");
    int awayLoop = connect(kind);
    TestClient away = last();
    JsonObject welcome = away.hello("echo");
    away.close();
    TestNode.await("the gateway saw the client go", () -> perLoop()[awayLoop] == (senderLoop == awayLoop ? 1 : 0));
    for (int i = 1; i <= 3; i++) {
      sender.send(new JsonObject().put("type", "msg").put("route", "broadcast").put("body", new JsonObject().put("n", i)));
      assertThat(sender.next("push").getJsonObject("body").getInteger("n")).isEqualTo(i);
    }
    TestClient back = connectAwayFrom(awayLoop, kind);
    JsonObject resumed = resume(back, welcome, 4);
    assertThat(resumed.getString("type")).isEqualTo("welcome");
    assertThat(resumed.getBoolean("resumed")).isTrue();
    assertThat(resumed.getString("session")).isEqualTo(welcome.getString("session"));
    for (int i = 1; i <= 3; i++) {
      assertThat(back.next()).isEqualTo(new JsonObject().put("type", "push").put("route", "broadcast")
          .put("body", new JsonObject().put("n", i)));
    }
    assertThat(back.request(5, "anything", new JsonObject().put("k", 1)).getJsonObject("body"))
        .isEqualTo(new JsonObject().put("k", 1));
    assertThat(node.metric("gamebus_sessions")).as("sessions counted once").isEqualTo(2);
  }

  @Test
  @DisplayName("moves a session resumed on another event loop's gateway there; the first connection gets closing resumed_elsewhere")
  void resumedElsewhereOnAnotherLoop() {
    int firstLoop = connect(TestClient.Kind.WS);
    TestClient first = last();
    JsonObject welcome = first.hello(TestGames.SCRIPTED);
    TestClient second = connectAwayFrom(firstLoop, TestClient.Kind.TCP);
    assertThat(resume(second, welcome, 2).getBoolean("resumed")).isTrue();
    assertThat(first.untilClosed()).containsExactly(new JsonObject().put("type", "closing").put("reason", "resumed_elsewhere"));
    assertThat(second.request(3, "whoami", new JsonObject()).getJsonObject("body").getString("player"))
        .isEqualTo(welcome.getString("session"));
    TestNode.await("one session, counted once", () -> node.metric("gamebus_sessions") == 1);
  }

  @Test
  @DisplayName("drains the clients of every event loop's gateway on a graceful stop")
  void drainsEveryLoop() {
    boolean[] seen = new boolean[LOOPS];
    for (int i = 0; i < 2 * LOOPS; i++) {
      TestClient.Kind kind = i % 2 == 0 ? TestClient.Kind.TCP : TestClient.Kind.WS;
      seen[connect(kind)] = true;
      if (i < LOOPS) {
        last().hello(TestGames.SCRIPTED);
      }
    }
    assertThat(seen).as("connections on every gateway verticle").containsOnly(true);
    node.stop();
    for (TestClient client : clients) {
      assertThat(client.untilClosed()).as("%s client", client.kind())
          .containsExactly(new JsonObject().put("type", "closing").put("reason", "shutdown"));
    }
  }
}
