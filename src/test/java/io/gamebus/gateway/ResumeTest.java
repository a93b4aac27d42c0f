package io.gamebus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.testing.Bus;
import io.gamebus.testing.Deployment;
import io.gamebus.testing.TestClient;
import io.gamebus.testing.TestGames;
import io.gamebus.testing.TestNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "on a {0} event bus")
@EnumSource(Bus.class)
@DisplayName("Resuming a session")
class ResumeTest {
  static final int RESUME_SECONDS = 3;
  @Parameter
  Bus bus;
  static Deployment gamebus;
  static TestNode node;

  @BeforeParameterizedClassInvocation
  static void start(Bus bus) {
    gamebus = bus.start(TestGames.only(TestGames.SCRIPTED,
            TestGames.jarEntry(TestGames.scriptedJar(), 1, 100),
            new JsonObject().put("name", "echo").put("instances", 1).put("capacity", 100))
        .put("gateway", new JsonObject().put("defaultGame", TestGames.SCRIPTED).put("resumeSeconds", RESUME_SECONDS)));
    node = gamebus.gateway();
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    gamebus.close();
  }

  private static TestClient.Kind other(TestClient.Kind kind) {
    return kind == TestClient.Kind.TCP ? TestClient.Kind.WS : TestClient.Kind.TCP;
  }

  private static JsonObject resume(TestClient client, JsonObject welcome, long id) {
    client.send(new JsonObject().put("type", "hello").put("resume", welcome.getString("resume")).put("id", id));
    return client.next();
  }

  /** Waits until the gateway has seen every client of the test but these disconnect. */
  private static void awaitConnections(int open) {
    double[] last = new double[1];
    try {
      TestNode.await("the gateway holds " + open + " connections", () -> (last[0] = node.metric("gamebus_connections")) == open);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + " (it holds " + last[0] + ")");
    }
  }

  @ParameterizedTest
  @EnumSource(TestClient.Kind.class)
  @DisplayName("within gateway.resumeSeconds, on a new connection of either transport, gives the same session back with resumed true")
  void withinWindow(TestClient.Kind kind) {
    JsonObject welcome;
    try (TestClient first = node.connect(kind)) {
      welcome = first.hello(TestGames.SCRIPTED);
    }
    try (TestClient second = node.connect(other(kind))) {
      JsonObject resumed = resume(second, welcome, 7);
      assertThat(resumed.getString("type")).isEqualTo("welcome");
      assertThat(resumed.getLong("id")).isEqualTo(7);
      assertThat(resumed.getBoolean("resumed")).isTrue();
      for (String field : new String[] {"session", "resume", "game", "version", "instance", "node"}) {
        assertThat(resumed.getValue(field)).as(field).isEqualTo(welcome.getValue(field));
      }
      assertThat(second.request(8, "whoami", new JsonObject()).getJsonObject("body").getString("player"))
          .isEqualTo(welcome.getString("session"));
    }
  }

  @ParameterizedTest
  @EnumSource(TestClient.Kind.class)
  @DisplayName("delivers after the welcome the pushes the game sent while the client was away, in order")
  void heldPushes(TestClient.Kind kind) {
    try (TestClient sender = node.tcp()) {
      sender.hello("echo");
      JsonObject welcome;
      try (TestClient away = node.connect(kind)) {
        welcome = away.hello("echo");
      }
      awaitConnections(1);
      for (int i = 1; i <= 3; i++) {
        sender.send(new JsonObject().put("type", "msg").put("route", "broadcast").put("body", new JsonObject().put("n", i)));
        assertThat(sender.next("push").getJsonObject("body").getInteger("n")).isEqualTo(i);
      }
      try (TestClient back = node.connect(other(kind))) {
        assertThat(resume(back, welcome, 2).getString("type")).isEqualTo("welcome");
        for (int i = 1; i <= 3; i++) {
          assertThat(back.next()).isEqualTo(new JsonObject().put("type", "push").put("route", "broadcast")
              .put("body", new JsonObject().put("n", i)));
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestClient.Kind.class)
  @DisplayName("after the window fails with bad_resume, the game having seen the player leave; a plain hello still works")
  void afterWindow(TestClient.Kind kind) {
    try (TestClient watcher = node.tcp()) {
      watcher.hello(TestGames.SCRIPTED);
      JsonObject welcome;
      try (TestClient gone = node.connect(kind)) {
        welcome = gone.hello(TestGames.SCRIPTED);
      }
      // Earlier tests' sessions expire too: wait for this player's leave.
      String session = welcome.getString("session");
      watcher.next(m -> "left".equals(m.getString("route")) && session.equals(m.getJsonObject("body").getString("player")));
      try (TestClient late = node.connect(kind)) {
        JsonObject error = resume(late, welcome, 3);
        assertThat(error.getString("type")).isEqualTo("error");
        assertThat(error.getString("code")).isEqualTo("bad_resume");
        assertThat(error.getLong("id")).isEqualTo(3);
        JsonObject fresh = late.hello(TestGames.SCRIPTED);
        assertThat(fresh.getBoolean("resumed")).isFalse();
        assertThat(fresh.getString("session")).isNotEqualTo(welcome.getString("session"));
      }
    }
  }

  @Test
  @DisplayName("keeps the game from seeing a leave when the client comes back in time")
  void noLeaveWhenResumed() throws InterruptedException {
    try (TestClient watcher = node.tcp()) {
      watcher.hello(TestGames.SCRIPTED);
      JsonObject welcome;
      try (TestClient first = node.ws()) {
        welcome = first.hello(TestGames.SCRIPTED);
      }
      try (TestClient second = node.tcp()) {
        assertThat(resume(second, welcome, 2).getBoolean("resumed")).isTrue();
        Thread.sleep(RESUME_SECONDS * 1000L + 500); // past the window: a leave would have come by now
        // Pushes and replies from one instance arrive in order: a leave would be before the reply.
        String session = welcome.getString("session");
        watcher.send(new JsonObject().put("type", "msg").put("route", "whoami").put("id", 9));
        JsonObject message;
        while (!"reply".equals((message = watcher.next()).getString("type"))) {
          assertThat(message.getJsonObject("body").getString("player")).as("a leave for the resumed player").isNotEqualTo(session);
        }
        assertThat(second.request(3, "whoami", new JsonObject()).getJsonObject("body").getString("player"))
            .isEqualTo(welcome.getString("session"));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestClient.Kind.class)
  @DisplayName("from a second connection while the first is open moves the session there; the first gets closing reason resumed_elsewhere")
  void resumedElsewhere(TestClient.Kind kind) {
    try (TestClient first = node.connect(kind); TestClient second = node.connect(other(kind))) {
      JsonObject welcome = first.hello(TestGames.SCRIPTED);
      JsonObject resumed = resume(second, welcome, 4);
      assertThat(resumed.getBoolean("resumed")).isTrue();
      assertThat(resumed.getString("session")).isEqualTo(welcome.getString("session"));
      assertThat(first.untilClosed()).containsExactly(new JsonObject().put("type", "closing").put("reason", "resumed_elsewhere"));
      assertThat(second.request(5, "whoami", new JsonObject()).getJsonObject("body").getString("player"))
          .isEqualTo(welcome.getString("session"));
    }
  }

  @ParameterizedTest
  @EnumSource(TestClient.Kind.class)
  @DisplayName("with an unknown token fails with bad_resume and opens nothing; a plain hello on the same connection works")
  void unknownToken(TestClient.Kind kind) {
    try (TestClient client = node.connect(kind)) {
      client.send(new JsonObject().put("type", "hello").put("resume", "no-such-token").put("id", 1));
      JsonObject error = client.next();
      assertThat(error.getString("code")).isEqualTo("bad_resume");
      assertThat(error.getLong("id")).isEqualTo(1);
      client.send(new JsonObject().put("type", "msg").put("route", "whoami").put("id", 2));
      assertThat(client.next().getString("code")).isEqualTo("no_session");
      assertThat(client.hello(TestGames.SCRIPTED).getBoolean("resumed")).isFalse();
    }
  }

  @Test
  @DisplayName("of a session that said bye fails with bad_resume")
  void afterBye() {
    JsonObject welcome;
    try (TestClient client = node.tcp()) {
      welcome = client.hello(TestGames.SCRIPTED);
      client.send(new JsonObject().put("type", "bye"));
      client.untilClosed();
    }
    try (TestClient client = node.ws()) {
      assertThat(resume(client, welcome, 2).getString("code")).isEqualTo("bad_resume");
    }
  }
}
