package io.gamebus.cluster;

import static io.gamebus.testing.TestCluster.game;
import static io.gamebus.testing.TestCluster.games;
import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.bus.Addresses;
import io.gamebus.bus.RegistryEvent;
import io.gamebus.testing.Partition;
import io.gamebus.testing.TestClient;
import io.gamebus.testing.TestCluster;
import io.gamebus.testing.TestNode;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Three clustered nodes in one JVM whose Hazelcast members are split in two sides, then merge again. */
@DisplayName("A cluster split in two and merged again")
class SplitBrainTest {
  private final TestCluster cluster = new TestCluster();
  private final List<TestClient> clients = new ArrayList<>();
  private final Map<TestClient, List<String>> seen = new java.util.HashMap<>();

  @AfterEach
  void stop() {
    clients.forEach(TestClient::close);
    cluster.close();
  }

  @Test
  @DisplayName("settles: no instance id twice, every session on one instance, every request answered")
  void settlesAfterTheMerge() {
    TestNode a = cluster.start("a", List.of("gateway", "games"), games(game("echo", 1)));
    TestNode b = cluster.start("b", List.of("gateway", "games"), games(game("echo", 1)));
    TestNode c = cluster.start("c", List.of("gateway", "games"), games(game("echo", 1)));
    cluster.awaitMembers(3);
    for (TestNode gateway : List.of(a, b, c)) {
      for (int i = 0; i < 3; i++) {
        TestClient client = gateway.tcp();
        clients.add(client);
        seen.put(client, new ArrayList<>(List.of(gateway.node().config().node().id() + " gateway",
            client.hello("echo").encode())));
      }
    }

    // What c's node heard of the split, kept: the halves may merge again before a look at c's
    // cluster view would catch it alone.
    Set<String> lostByC = ConcurrentHashMap.newKeySet();
    c.node().vertx().eventBus().<RegistryEvent.NodeLost>localConsumer(Addresses.NODE_LOST,
        m -> lostByC.add(m.body().node()));
    Partition.split(List.of(a, b), List.of(c));
    TestNode.await("c's node took a and b for lost", () -> lostByC.containsAll(List.of("a", "b")));
    cluster.awaitMembers(3); // merged again by Hazelcast

    // The resume window (10 s here) ends what each side's instances still held for the other's gateways.
    long deadline = System.currentTimeMillis() + 45_000;
    Map<String, Integer> listing = listing(a);
    while (!(listing.values().stream().allMatch(n -> n == 1) && sessions(a) == clients.size())
        && System.currentTimeMillis() < deadline) {
      TestClient.pause(500);
      listing = listing(a);
    }
    assertThat(listing).as("instance ids listed by a, with how often").allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    assertThat(sessions(a)).as("sessions on all instances").isEqualTo(clients.size());
    clients.forEach(this::seen);
    for (TestClient client : clients) {
      for (int i = 1; i <= 3; i++) {
        JsonObject answer = client.request(100 + i, "echo", new JsonObject().put("i", i));
        assertThat(answer.getString("type")).as("answer: %s; the client saw %s; instances seen by a, b, c: %s",
            answer, seen(client), List.of(instances(a), instances(b), instances(c))).isEqualTo("reply");
      }
    }
  }

  @Test
  @DisplayName("an instance keeps the players of a gateway it took for lost while that gateway still holds them")
  void keepsPlayersOfAGatewayWronglyTakenForLost() {
    JsonObject quickResume = new JsonObject().put("gateway", new JsonObject().put("resumeSeconds", 1));
    TestNode games = cluster.start("a", List.of("games"), games(game("echo", 1)), quickResume);
    TestNode gateway = cluster.start("c", List.of("gateway"), new io.vertx.core.json.JsonArray(), quickResume);
    cluster.awaitMembers(2);
    TestClient client = gateway.tcp();
    clients.add(client);
    client.hello("echo");

    // One side of a partition that is healing, or a false suspicion: a's node hears that c was
    // lost while c, alive, still holds its player there.
    games.node().vertx().eventBus().publish(Addresses.NODE_LOST, new RegistryEvent.NodeLost("c", List.of()),
        new io.vertx.core.eventbus.DeliveryOptions().setLocalOnly(true));
    TestClient.pause(2_500); // past the resume window, when a lost gateway's players are ended

    assertThat(client.request(1, "echo", new JsonObject()).getString("type")).isEqualTo("reply");
    assertThat(sessions(games)).isEqualTo(1);
  }

  /** What a client was told: its gateway, welcome and every message since (for a failure's message). */
  private List<String> seen(TestClient client) {
    List<String> messages = seen.get(client);
    for (JsonObject m = client.poll(0); m != null; m = client.poll(0)) {
      messages.add(m.encode());
    }
    return messages;
  }

  private static Map<String, Integer> listing(TestNode node) {
    Map<String, Integer> ids = new TreeMap<>();
    instances(node).forEach(i -> ids.merge(i.getString("id"), 1, Integer::sum));
    return ids;
  }

  private static int sessions(TestNode node) {
    return instances(node).stream().mapToInt(i -> i.getInteger("sessions")).sum();
  }

  private static List<JsonObject> instances(TestNode node) {
    List<JsonObject> out = new ArrayList<>();
    JsonObject games = new JsonObject(node.admin().get("/admin/games").body());
    games.getJsonArray("games").forEach(g -> ((JsonObject) g).getJsonArray("versions").forEach(v ->
        ((JsonObject) v).getJsonArray("instances").forEach(i -> out.add((JsonObject) i))));
    return out;
  }
}
