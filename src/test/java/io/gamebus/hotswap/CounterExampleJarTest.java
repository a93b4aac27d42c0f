package io.gamebus.hotswap;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.counter.CounterGame;
import io.gamebus.api.Game;
import io.gamebus.game.GameDefinition;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented example game (docs/examples/counter-game, compiled with the test sources),
 * packaged the way its pom packages it, loads and plays as docs/game-development.md says.
 */
@DisplayName("the counter example of docs/game-development.md")
class CounterExampleJarTest {

  @TempDir
  Path dir;

  private GameDefinition definition;

  @BeforeEach
  void load() throws IOException, URISyntaxException {
    TestJar jar = TestJar.game("counter", "1.0.0", "com.example.counter.CounterGame");
    Path classes = Path.of(CounterGame.class.getResource("CounterGame.class").toURI()).getParent();
    try (Stream<Path> files = Files.list(classes)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        jar.with("com/example/counter/" + file.getFileName(), Files.readAllBytes(file));
      }
    }
    definition = GameJar.load(jar.writeTo(dir.resolve("counter-1.0.0.jar")));
  }

  @AfterEach
  void unload() {
    definition.unloader().run();
  }

  @Test
  @DisplayName("loads as game counter 1.0.0 from its own class loader")
  void loads() {
    assertThat(definition.name()).isEqualTo("counter");
    assertThat(definition.version()).isEqualTo("1.0.0");
    assertThat(definition.factory().get().getClass().getClassLoader()).isSameAs(definition.loader());
  }

  @Test
  @DisplayName("counts, broadcasts, answers get, and carries its count over to a successor")
  void plays() {
    RecordingContext context = new RecordingContext("counter", "1.0.0");
    RecordingPlayer alice = new RecordingPlayer("alice");
    RecordingPlayer bob = new RecordingPlayer("bob");
    Game game = definition.factory().get();
    game.start(context, null);

    context.players.add(alice);
    game.join(alice);
    assertThat(alice.pushes).containsExactly(new RecordingPlayer.Push("count", count(0)));

    context.players.add(bob);
    game.join(bob);
    RecordingMessage add = RecordingMessage.request("add", new JsonObject().put("by", 2));
    game.message(alice, add);
    assertThat(add.reply).isEqualTo(count(2));
    assertThat(alice.pushes).last().isEqualTo(new RecordingPlayer.Push("count", count(2)));
    assertThat(bob.pushes).last().isEqualTo(new RecordingPlayer.Push("count", count(2)));

    game.message(bob, RecordingMessage.push("add", new JsonObject()));
    RecordingMessage get = RecordingMessage.request("get", new JsonObject());
    game.message(bob, get);
    assertThat(get.reply).isEqualTo(count(3));

    RecordingMessage bad = RecordingMessage.request("add", new JsonObject().put("by", "two"));
    game.message(alice, bad);
    assertThat(bad.failureCode).isEqualTo("bad_by");
    RecordingMessage unknown = RecordingMessage.request("reset", new JsonObject());
    game.message(alice, unknown);
    assertThat(unknown.failureCode).isEqualTo("unknown_route");
    RecordingMessage who = RecordingMessage.request("who", new JsonObject());
    game.message(alice, who);
    assertThat(who.reply).isEqualTo(new JsonObject().put("user", "alice").putNull("name"));

    JsonObject snapshot = game.snapshot();
    assertThat(snapshot).isEqualTo(count(3));
    game.stop();

    Game successor = definition.factory().get();
    successor.start(new RecordingContext("counter", "1.0.0"), snapshot);
    RecordingMessage after = RecordingMessage.request("get", new JsonObject());
    successor.message(alice, after);
    assertThat(after.reply).isEqualTo(count(3));
  }

  private static JsonObject count(long count) {
    return new JsonObject().put("count", count);
  }
}
