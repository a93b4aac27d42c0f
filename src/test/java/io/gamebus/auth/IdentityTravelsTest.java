package io.gamebus.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.hotswap.TestJar;
import io.gamebus.testing.FreePorts;
import io.gamebus.testing.NodeProcess;
import io.gamebus.testing.TestClient;
import io.gamebus.testing.TestGames;
import io.gamebus.testing.TestNode;
import io.gamebus.testing.TestTokens;
import io.gamebus.testing.games.ScriptedGame;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CONTRACT §7: the game sees the same userId() and claims() wherever the session goes. */
@DisplayName("A player's identity")
class IdentityTravelsTest {
  static final TestTokens TOKENS = TestTokens.get();
  static final JsonObject CLAIMS = TestTokens.claims("ivy").put("name", "Ivy").put("roles", new JsonArray().add("vip"));

  @TempDir
  Path dir;

  private static JsonObject hello(String token, long id) {
    return new JsonObject().put("type", "hello").put("game", TestGames.SCRIPTED).put("token", token).put("id", id);
  }

  private static void seesIvy(TestClient client, long id) {
    JsonObject seen = client.request(id, "whoami", new JsonObject()).getJsonObject("body");
    assertThat(seen.getString("user")).isEqualTo("ivy");
    assertThat(seen.getJsonObject("claims")).isEqualTo(CLAIMS);
  }

  @Test
  @DisplayName("is unchanged after a crash replacement, a hot swap and a resume on the other transport")
  void acrossCrashSwapAndResume() {
    try (TestNode node = TestNode.start(TestGames.only(TestGames.SCRIPTED, TestGames.jarEntry(TestGames.scriptedJar(), 1, 100))
        .put("auth", TOKENS.auth()));
         TestClient client = node.tcp()) {
      client.send(hello(TOKENS.sign("ES256", CLAIMS), 1));
      JsonObject welcome = client.next("welcome");
      seesIvy(client, 2);

      assertThat(node.admin().post("/admin/instances/" + welcome.getString("instance") + "/restart", new byte[0])
          .statusCode()).isEqualTo(200);
      assertThat(client.next("moved").getString("reason")).isEqualTo("crash");
      seesIvy(client, 3);

      byte[] v2 = TestJar.game(TestGames.SCRIPTED, "2.0.0", ScriptedGame.class).bytes();
      assertThat(node.admin().post("/admin/games?mode=migrate", v2).statusCode()).isEqualTo(200);
      JsonObject moved = client.next("moved");
      assertThat(moved.getString("reason")).isEqualTo("hotswap");
      assertThat(moved.getString("version")).isEqualTo("2.0.0");
      seesIvy(client, 4);

      client.close();
      try (TestClient back = node.ws()) {
        back.send(hello(TOKENS.token("ivy"), 5).put("resume", welcome.getString("resume")));
        assertThat(back.next("welcome").getBoolean("resumed")).isTrue();
        seesIvy(back, 6);
      }
    }
  }

  @Test
  @DisplayName("is unchanged after the node running its instance is killed, and after a resume from a killed gateway")
  void acrossNodeLoss() {
    List<Integer> clusterPorts = List.of(FreePorts.next(), FreePorts.next(), FreePorts.next());
    JsonArray members = new JsonArray();
    clusterPorts.forEach(p -> members.add("127.0.0.1:" + p));
    String name = "identity-" + Long.toHexString(System.nanoTime());
    String jar = TestGames.scriptedJar().toString();
    List<NodeProcess> nodes = new ArrayList<>();
    try {
      String[] ids = {"g", "a", "b"};
      for (int i = 0; i < ids.length; i++) {
        JsonArray roles = i == 0 ? new JsonArray().add("gateway") : new JsonArray().add("gateway").add("games");
        nodes.add(NodeProcess.start(ids[i], new JsonObject()
            .put("node", new JsonObject().put("id", ids[i]).put("roles", roles))
            .put("gateway", new JsonObject().put("host", "127.0.0.1").put("tcpPort", FreePorts.next())
                .put("httpPort", FreePorts.next()).put("defaultGame", TestGames.SCRIPTED).put("requestTimeoutMs", 60_000))
            .put("admin", new JsonObject().put("port", FreePorts.next()).put("token", "t"))
            .put("cluster", new JsonObject().put("name", name).put("port", clusterPorts.get(i)).put("members", members))
            // Two sessions of one user, on purpose.
            .put("auth", TOKENS.auth().put("sessionsPerUser", "allow"))
            .put("games", new JsonArray().add(new JsonObject().put("jar", jar).put("instances", 1).put("capacity", 100))),
            dir, true));
      }
      nodes.forEach(NodeProcess::awaitReady);
      try (TestClient player = TestClient.tcp(nodes.get(0).tcpPort())) {
        player.send(hello(TOKENS.sign("RS256", CLAIMS), 1));
        String victim = player.next("welcome").getString("node");
        NodeProcess doomed = nodes.get(victim.equals("a") ? 1 : 2);
        JsonObject viaVictim;
        try (TestClient other = TestClient.tcp(doomed.tcpPort())) {
          other.send(hello(TOKENS.sign("RS256", CLAIMS), 1));
          viaVictim = other.next("welcome");
          doomed.kill();
        }
        assertThat(player.next("moved").getString("reason")).isEqualTo("node_lost");
        seesIvy(player, 2);
        try (TestClient back = TestClient.tcp(nodes.get(0).tcpPort())) {
          back.send(hello(TOKENS.token("ivy"), 3).put("resume", viaVictim.getString("resume")));
          assertThat(back.next("welcome").getString("session")).isEqualTo(viaVictim.getString("session"));
          seesIvy(back, 4);
        }
      }
    } finally {
      nodes.forEach(NodeProcess::kill);
    }
  }
}
