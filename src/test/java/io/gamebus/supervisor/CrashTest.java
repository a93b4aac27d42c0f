package io.gamebus.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.gamebus.instance.InstanceSlot;
import io.gamebus.instance.SnapshotStore;
import io.gamebus.supervisor.SupervisedGame.Player;
import io.gamebus.testing.Bus;
import io.gamebus.testing.Deployment;
import io.gamebus.testing.TestNode;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

@ParameterizedClass(name = "on a {0} event bus")
@EnumSource(Bus.class)
@DisplayName("A game that throws")
class CrashTest {
  @Parameter
  Bus bus;
  static Deployment gamebus;
  private final SupervisedGame game = new SupervisedGame();
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger slotLogger = (Logger) LoggerFactory.getLogger(InstanceSlot.class);

  @BeforeParameterizedClassInvocation
  static void start(Bus bus) {
    gamebus = SupervisedGame.deployment(bus, SupervisedGame.supervision());
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    gamebus.close();
  }

  @BeforeEach
  void captureLog() {
    log.start();
    slotLogger.addAppender(log);
  }

  @AfterEach
  void release() {
    slotLogger.detachAppender(log);
    game.close();
  }

  @Test
  @DisplayName("in message: the sender gets game_error for its request; every player is moved (reason crash) "
      + "to a fresh game on the same instance id and joins it there, connection kept")
  void crashInMessage() {
    game.on(gamebus);
    try (Player alice = game.player(); Player bob = game.player()) {
      JsonObject error = alice.request(5, "crash");
      assertThat(error.getString("type")).isEqualTo("error");
      assertThat(error.getString("code")).isEqualTo("game_error");
      assertThat(error.getLong("id")).isEqualTo(5);

      for (Player player : new Player[] {alice, bob}) {
        JsonObject moved = player.next("moved");
        assertThat(moved.getString("instance")).isEqualTo(player.instance());
        assertThat(moved.getString("reason")).isEqualTo("crash");
        assertThat(moved.getString("version")).isEqualTo("1.0.0");
        assertThat(player.push("joined").getJsonObject("body").getString("instance")).isEqualTo(player.instance());
        assertThat(player.client().isClosed()).isFalse();
      }
      assertThat(alice.count(6)).isZero();
      assertThat(bob.request(7, "add", new JsonObject().put("by", 2)).getJsonObject("body").getLong("count")).isEqualTo(2);
    }
  }

  @Test
  @DisplayName("logs one line naming the hook, the instance, the route and the player")
  void logsWhere() {
    game.on(gamebus);
    try (Player alice = game.player()) {
      alice.request(5, "crash");
      alice.next("moved");
      String line = threw(alice.instance());
      assertThat(line).contains("game instance " + alice.instance(), "IllegalStateException: crash on request",
          "in message (route 'crash', request 5)", "for player " + alice.session(), "replacing it");
    }
  }

  @Test
  @DisplayName("in a message without id: the sender gets game_error without id")
  void crashInPlainMessage() {
    game.on(gamebus);
    try (Player alice = game.player()) {
      alice.send(null, "crash", new JsonObject());
      JsonObject error = alice.next("error");
      assertThat(error.getString("code")).isEqualTo("game_error");
      assertThat(error.containsKey("id")).isFalse();
      assertThat(alice.next("moved").getString("reason")).isEqualTo("crash");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"join", "leave", "snapshot", "timer"})
  @DisplayName("in another hook or a timer: the players are moved (reason crash) and play on")
  void crashInHook(String hook) {
    game.on(gamebus); // uploaded: a snapshot every second, so the snapshot hook runs
    try (Player alice = game.player()) {
      alice.request(1, "add", new JsonObject().put("by", 3));
      switch (hook) {
        case "join" -> {
          game.arm("join", 1);
          try (Player bob = game.connect()) {
            assertThat(bob.next("moved").getString("reason")).isEqualTo("crash");
            bob.push("joined");
          }
        }
        case "leave" -> {
          Player bob = game.player();
          game.arm("leave", 1);
          bob.client().send(new JsonObject().put("type", "bye"));
          bob.close();
        }
        case "snapshot" -> game.arm("snapshot", 1);
        case "timer" -> assertThat(alice.request(2, "timer-crash").getString("type")).isEqualTo("reply");
        default -> throw new IllegalArgumentException(hook);
      }
      JsonObject moved = alice.next("moved");
      assertThat(moved.getString("reason")).isEqualTo("crash");
      assertThat(moved.getString("instance")).isEqualTo(alice.instance());
      alice.push("joined");
      assertThat(alice.request(3, "add").getString("type")).isEqualTo("reply");
      String line = threw(alice.instance());
      assertThat(line).contains("in " + hook, alice.instance());
    }
  }

  @Test
  @DisplayName("in start of the replacement: it is replaced again after a backoff, and the players are moved once")
  void crashInStart() throws InterruptedException {
    game.on(gamebus);
    try (Player alice = game.player()) {
      game.arm("start", 2);
      long crashedAt = System.nanoTime();
      alice.request(1, "crash");
      JsonObject moved = alice.next("moved");
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - crashedAt);
      // crash: restart at once; first start fails: 100 ms; second fails: 200 ms; third serves.
      assertThat(tookMs).isGreaterThanOrEqualTo(280);
      assertThat(moved.getString("reason")).isEqualTo("crash");
      alice.push("joined");
      assertThat(alice.client().poll(300)).isNull();
      assertThat(Admin.instance(game.node(), alice.instance()).getInteger("restarts")).isEqualTo(3);
    }
  }

  @Test
  @DisplayName("leaves the game's other instances and their players alone")
  void otherInstancesUntouched() {
    game.instances(2).on(gamebus);
    try (Player alice = game.player(); Player bob = game.player()) {
      assertThat(bob.instance()).isNotEqualTo(alice.instance());
      bob.request(1, "add", new JsonObject().put("by", 4));
      alice.request(2, "crash");
      alice.next("moved");
      assertThat(bob.count(3)).isEqualTo(4);
      assertThat(bob.client().poll(300)).isNull();
      assertThat(Admin.instance(game.node(), bob.instance()).getInteger("restarts")).isZero();
      assertThat(Admin.instance(game.node(), alice.instance()).getInteger("restarts")).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("restarts from its last snapshot, taken every snapshotMs and kept in the SnapshotStore")
  void restoredFromSnapshot() {
    game.on(gamebus); // uploaded: a snapshot every second
    try (Player alice = game.player()) {
      alice.request(1, "add", new JsonObject().put("by", 5));
      SnapshotStore store = new SnapshotStore(game.node().node().vertx());
      JsonObject[] stored = new JsonObject[1];
      TestNode.await("a snapshot with count 5 is stored", () -> {
        stored[0] = store.get(alice.instance()).toCompletionStage().toCompletableFuture().join();
        return stored[0] != null && stored[0].getLong("count") == 5;
      });
      assertThat(stored[0].getString("instance")).isEqualTo(alice.instance());

      alice.request(2, "crash");
      alice.next("moved");
      assertThat(alice.push("joined").getJsonObject("body").getLong("count")).isEqualTo(5);
      assertThat(alice.count(3)).isEqualTo(5);
    }
  }

  /** The log line of the game's throw, among those of every game on the suite's node. */
  private String threw(String instance) {
    return log.list.stream().map(ILoggingEvent::getFormattedMessage)
        .filter(m -> m.contains("threw") && m.contains(instance)).findFirst().orElseThrow();
  }
}
