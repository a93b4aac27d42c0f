package io.gamebus.hotswap;

import static io.gamebus.hotswap.InvalidGameJarException.Reason.BAD_NAME;
import static io.gamebus.hotswap.InvalidGameJarException.Reason.BAD_VERSION;
import static io.gamebus.hotswap.InvalidGameJarException.Reason.CLASS_NOT_FOUND;
import static io.gamebus.hotswap.InvalidGameJarException.Reason.CLASS_NOT_LOADABLE;
import static io.gamebus.hotswap.InvalidGameJarException.Reason.CONSTRUCTOR_FAILED;
import static io.gamebus.hotswap.InvalidGameJarException.Reason.MISSING_ATTRIBUTE;
import static io.gamebus.hotswap.InvalidGameJarException.Reason.NOT_A_GAME;
import static io.gamebus.hotswap.InvalidGameJarException.Reason.NOT_A_JAR;
import static io.gamebus.hotswap.InvalidGameJarException.Reason.NOT_INSTANTIABLE;
import static io.gamebus.hotswap.InvalidGameJarException.Reason.NO_MANIFEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gamebus.api.Game;
import io.gamebus.game.GameDefinition;
import io.gamebus.hotswap.InvalidGameJarException.Reason;
import io.gamebus.hotswap.fixtures.AbstractGame;
import io.gamebus.hotswap.fixtures.ArgumentGame;
import io.gamebus.hotswap.fixtures.Greeting;
import io.gamebus.hotswap.fixtures.NotAGame;
import io.gamebus.hotswap.fixtures.OuterGames;
import io.gamebus.hotswap.fixtures.StaticInitGame;
import io.gamebus.hotswap.fixtures.ThrowingGame;
import io.gamebus.hotswap.fixtures.ValidGame;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GameJarTest {

  private static final String HIDDEN_GAME = "io.gamebus.hotswap.fixtures.HiddenGame";

  @TempDir
  Path dir;

  static TestJar validJar() {
    return TestJar.game("valid", "1.0.0", ValidGame.class).withClasses(Greeting.class);
  }

  @Nested
  @DisplayName("a valid jar")
  class ValidJar {

    @Test
    @DisplayName("loads as a definition whose factory makes working games from the game's own class loader")
    void loads() {
      GameDefinition definition = GameJar.load(validJar().writeTo(dir.resolve("valid.jar")));
      try {
        assertThat(definition.name()).isEqualTo("valid");
        assertThat(definition.version()).isEqualTo("1.0.0");
        assertThat(definition.loader()).isInstanceOf(GameClassLoader.class);
        assertThat(definition.loader().getName()).isEqualTo("game:valid:1.0.0");

        Game game = definition.factory().get();
        assertThat(game.getClass().getName()).isEqualTo(ValidGame.class.getName());
        assertThat(game.getClass()).isNotSameAs(ValidGame.class);
        assertThat(game.getClass().getClassLoader()).isSameAs(definition.loader());
        assertThat(definition.factory().get()).isNotSameAs(game);

        RecordingMessage request = RecordingMessage.request("echo", new JsonObject().put("n", 1));
        game.message(new RecordingPlayer("p1"), request);
        assertThat(request.reply).isEqualTo(new JsonObject().put("n", 1).put("greeting", "hello from game:valid:1.0.0"));
      } finally {
        definition.unloader().run();
      }
    }

    @Test
    @DisplayName("reads its own resources first")
    void ownResourcesFirst() throws IOException {
      GameDefinition definition = GameJar.load(validJar().writeTo(dir.resolve("valid.jar")));
      try {
        URL classFile = definition.loader().getResource(ValidGame.class.getName().replace('.', '/') + ".class");
        assertThat(classFile.getProtocol()).isEqualTo("jar");
        assertThat(classFile.getPath()).contains("valid.jar!");
        assertThat(java.util.Collections.list(definition.loader().getResources(
            ValidGame.class.getName().replace('.', '/') + ".class")))
            .hasSize(2).first().isEqualTo(classFile);
      } finally {
        definition.unloader().run();
      }
    }

    @Test
    @DisplayName("made from configuration keeps its file when unloaded, and its factory then refuses")
    void configuredJarStays() {
      Path jar = validJar().writeTo(dir.resolve("valid.jar"));
      GameDefinition definition = GameJar.load(jar);
      definition.unloader().run();

      assertThat(jar).exists();
      assertThat(((GameClassLoader) definition.loader()).isClosed()).isTrue();
      assertThatThrownBy(() -> definition.factory().get())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("valid 1.0.0 is unloaded");
    }
  }

  @Nested
  @DisplayName("a jar bundling its own copy of the server's classes")
  class BundledServerClasses {

    @Test
    @DisplayName("still resolves io.gamebus.api and Vert.x to the server's classes")
    void usesServerClasses() throws Exception {
      TestJar jar = validJar()
          .with("io/gamebus/api/Game.class", TestJar.classBytes("io/gamebus/api/Game.class"))
          .with("io/vertx/core/json/JsonObject.class", TestJar.classBytes("io/vertx/core/json/JsonObject.class"));
      GameDefinition definition = GameJar.load(jar.writeTo(dir.resolve("bundling.jar")));
      try {
        ClassLoader loader = definition.loader();
        assertThat(loader.loadClass("io.gamebus.api.Game")).isSameAs(Game.class);
        assertThat(loader.loadClass("io.vertx.core.json.JsonObject")).isSameAs(JsonObject.class);
        assertThat(loader.getResource("io/gamebus/api/Game.class").getPath()).doesNotContain("bundling.jar");
        assertThat(definition.factory().get()).isInstanceOf(Game.class);
      } finally {
        definition.unloader().run();
      }
    }
  }

  @Nested
  @DisplayName("a jar that is not a valid game is rejected with a message that says what to fix")
  class Rejected {

    private AbstractThrowableAssert<?, ? extends Throwable> assertRejected(TestJar jar, Reason reason) {
      Path file = jar.writeTo(dir.resolve("bad.jar"));
      return assertThatThrownBy(() -> GameJar.load(file))
          .isInstanceOf(InvalidGameJarException.class)
          .satisfies(e -> assertThat(((InvalidGameJarException) e).reason()).isEqualTo(reason))
          .hasMessageStartingWith(file.toString() + ": ");
    }

    @Test
    @DisplayName("a missing file")
    void missingFile() {
      assertThatThrownBy(() -> GameJar.load(dir.resolve("nowhere.jar")))
          .isInstanceOf(InvalidGameJarException.class)
          .hasMessageContaining("nowhere.jar: no such file");
    }

    @Test
    @DisplayName("a file that is not a jar")
    void notAJar() throws IOException {
      Path file = Files.writeString(dir.resolve("notes.jar"), "these are not the bytes you are looking for");
      assertThatThrownBy(() -> GameJar.load(file))
          .isInstanceOf(InvalidGameJarException.class)
          .satisfies(e -> assertThat(((InvalidGameJarException) e).reason()).isEqualTo(NOT_A_JAR))
          .hasMessageContaining("not a readable jar");
    }

    @Test
    @DisplayName("a jar without a manifest")
    void noManifest() {
      assertRejected(validJar().withoutManifest(), NO_MANIFEST)
          .hasMessageContaining("has no META-INF/MANIFEST.MF")
          .hasMessageContaining("Gamebus-Class: com.example.counter.CounterGame");
    }

    @Test
    @DisplayName("a manifest without Gamebus-Game")
    void noGame() {
      assertRejected(TestJar.game(null, "1.0.0", ValidGame.class.getName()).withClasses(ValidGame.class),
          MISSING_ATTRIBUTE).hasMessageContaining("the manifest lacks Gamebus-Game; add it");
    }

    @Test
    @DisplayName("a manifest without Gamebus-Version")
    void noVersion() {
      assertRejected(TestJar.game("valid", null, ValidGame.class.getName()).withClasses(ValidGame.class),
          MISSING_ATTRIBUTE).hasMessageContaining("the manifest lacks Gamebus-Version; add it");
    }

    @Test
    @DisplayName("a manifest without Gamebus-Class")
    void noClass() {
      assertRejected(TestJar.game("valid", "1.0.0", (String) null).withClasses(ValidGame.class),
          MISSING_ATTRIBUTE).hasMessageContaining("the manifest lacks Gamebus-Class; add it");
    }

    @Test
    @DisplayName("a manifest without any of them names all three")
    void noneOfThem() {
      assertRejected(TestJar.game(null, null, (String) null).attribute("Gamebus-Game", " "), MISSING_ATTRIBUTE)
          .hasMessageContaining("lacks Gamebus-Game, Gamebus-Version and Gamebus-Class; add them");
    }

    @Test
    @DisplayName("a game name that is not lowercase letters, digits, '-' and '_'")
    void badName() {
      assertRejected(TestJar.game("My Game", "1.0.0", ValidGame.class), BAD_NAME)
          .hasMessageContaining("Gamebus-Game 'My Game' is not a valid game name; use 1 to 64 lowercase letters");
      assertRejected(TestJar.game("-dash", "1.0.0", ValidGame.class), BAD_NAME);
      assertRejected(TestJar.game("a".repeat(65), "1.0.0", ValidGame.class), BAD_NAME);
    }

    @Test
    @DisplayName("a version that could not be part of a file name or URL")
    void badVersion() {
      assertRejected(TestJar.game("valid", "../1.0", ValidGame.class), BAD_VERSION)
          .hasMessageContaining("Gamebus-Version '../1.0' is not a valid version");
    }

    @Test
    @DisplayName("a class name written as a path")
    void classNameAsPath() {
      assertRejected(TestJar.game("valid", "1.0.0", "com/example/Game.class"), CLASS_NOT_FOUND)
          .hasMessageContaining("is not a fully qualified class name (write it with dots and without .class");
    }

    @Test
    @DisplayName("a class that is not in the jar, with a guess when the package is wrong")
    void classNotInJar() {
      assertRejected(TestJar.game("valid", "1.0.0", "com.example.ValidGame").withClasses(ValidGame.class), CLASS_NOT_FOUND)
          .hasMessageContaining("Gamebus-Class com.example.ValidGame is not in the jar (no com/example/ValidGame.class)")
          .hasMessageContaining("did you mean " + ValidGame.class.getName() + "?");
      assertRejected(TestJar.game("valid", "1.0.0", "com.example.Nothing"), CLASS_NOT_FOUND)
          .hasMessageContaining("check its package and spelling");
    }

    @Test
    @DisplayName("a class that exists only on the server's class path")
    void classOnServerOnly() {
      assertRejected(TestJar.game("valid", "1.0.0", GameJar.class.getName()), CLASS_NOT_FOUND)
          .hasMessageContaining("is not in the jar: it was found on the server's class path");
    }

    @Test
    @DisplayName("a class in a package that always comes from the server")
    void classInServerPackage() {
      assertRejected(TestJar.game("valid", "1.0.0", "io.vertx.core.MyGame"), CLASS_NOT_FOUND)
          .hasMessageContaining("is in a package that always comes from the server");
    }

    @Test
    @DisplayName("a class compiled for a newer Java")
    void newerJava() {
      byte[] classFile = TestJar.classBytes(ValidGame.class.getName().replace('.', '/') + ".class");
      classFile[6] = 0;
      classFile[7] = 99; // class file major version 99
      TestJar jar = TestJar.game("valid", "1.0.0", ValidGame.class.getName())
          .with(ValidGame.class.getName().replace('.', '/') + ".class", classFile);
      assertRejected(jar, CLASS_NOT_LOADABLE).hasMessageContaining("was compiled for a newer Java");
    }

    @Test
    @DisplayName("a class that does not implement Game")
    void notAGame() {
      assertRejected(TestJar.game("valid", "1.0.0", NotAGame.class), NOT_A_GAME)
          .hasMessageContaining("does not implement io.gamebus.api.Game; declare it as 'public class NotAGame implements Game'");
    }

    @Test
    @DisplayName("an abstract class")
    void abstractClass() {
      assertRejected(TestJar.game("valid", "1.0.0", AbstractGame.class), NOT_INSTANTIABLE)
          .hasMessageContaining("is abstract");
    }

    @Test
    @DisplayName("a class that is not public")
    void notPublic() {
      TestJar jar = TestJar.game("valid", "1.0.0", HIDDEN_GAME)
          .with(HIDDEN_GAME.replace('.', '/') + ".class", TestJar.classBytes(HIDDEN_GAME.replace('.', '/') + ".class"));
      assertRejected(jar, NOT_INSTANTIABLE).hasMessageContaining("is not public; declare it 'public class'");
    }

    @Test
    @DisplayName("an inner class")
    void innerClass() {
      assertRejected(TestJar.game("valid", "1.0.0", OuterGames.InnerGame.class).withClasses(OuterGames.class),
          NOT_INSTANTIABLE).hasMessageContaining("is an inner class; make it static or top-level");
    }

    @Test
    @DisplayName("a class without a public no-argument constructor")
    void noDefaultConstructor() {
      assertRejected(TestJar.game("valid", "1.0.0", ArgumentGame.class), NOT_INSTANTIABLE)
          .hasMessageContaining("has no public no-argument constructor; add 'public ArgumentGame() {}'");
    }

    @Test
    @DisplayName("a class whose constructor throws")
    void constructorThrows() {
      assertRejected(TestJar.game("valid", "1.0.0", ThrowingGame.class), CONSTRUCTOR_FAILED)
          .hasMessageContaining("new " + ThrowingGame.class.getName() + "() threw java.lang.IllegalStateException: no board configured")
          .hasRootCauseMessage("no board configured");
    }

    @Test
    @DisplayName("a class whose static initializer throws")
    void staticInitializerThrows() {
      assertRejected(TestJar.game("valid", "1.0.0", StaticInitGame.class.getName())
              .with(StaticInitGame.class.getName().replace('.', '/') + ".class",
                  TestJar.classBytes(StaticInitGame.class.getName().replace('.', '/') + ".class")),
          CONSTRUCTOR_FAILED).hasMessageContaining("its static initializer threw java.lang.NumberFormatException");
    }
  }

  @Nested
  @DisplayName("an uploaded jar")
  class Uploaded {

    @Test
    @DisplayName("is stored as <game>-<version>-<random>.jar, loads, and is deleted by the unloader")
    void roundTrip() throws IOException {
      byte[] bytes = validJar().bytes();
      Path storage = dir.resolve("uploads");
      GameDefinition definition = GameJar.load(bytes, storage);

      Path stored = ((GameClassLoader) definition.loader()).jar();
      assertThat(stored.getParent()).isEqualTo(storage);
      assertThat(stored.getFileName().toString()).matches("valid-1\\.0\\.0-[0-9a-f]{12}\\.jar");
      assertThat(Files.readAllBytes(stored)).isEqualTo(bytes);
      try (Stream<Path> files = Files.list(storage)) {
        assertThat(files).containsExactly(stored);
      }
      assertThat(definition.factory().get().getClass().getClassLoader()).isSameAs(definition.loader());

      definition.unloader().run();
      definition.unloader().run();
      assertThat(stored).doesNotExist();
    }

    @Test
    @DisplayName("that is not a valid game leaves no file behind")
    void rejectedLeavesNothing() throws IOException {
      Path storage = dir.resolve("uploads");
      assertThatThrownBy(() -> GameJar.load(TestJar.game("valid", "1.0.0", ThrowingGame.class).bytes(), storage))
          .isInstanceOf(InvalidGameJarException.class)
          .hasMessageStartingWith("uploaded jar (");
      assertThatThrownBy(() -> GameJar.load(new byte[0], storage))
          .isInstanceOf(InvalidGameJarException.class)
          .satisfies(e -> assertThat(((InvalidGameJarException) e).reason()).isEqualTo(NOT_A_JAR));
      assertThatThrownBy(() -> GameJar.load(TestJar.game("valid", null, (String) null).bytes(), storage))
          .isInstanceOf(InvalidGameJarException.class);
      try (Stream<Path> files = Files.list(storage)) {
        assertThat(files).isEmpty();
      }
    }
  }

  @Nested
  @DisplayName("unloading")
  class Unloading {

    @Test
    @DisplayName("closes the class loader, may run twice, and lets the loader be collected once nothing holds it")
    void loaderIsCollected() throws InterruptedException {
      WeakReference<ClassLoader> loader = loadUseAndUnload(dir.resolve("valid.jar"));

      long deadline = System.nanoTime() + 5_000_000_000L;
      while (loader.get() != null && System.nanoTime() < deadline) {
        System.gc();
        Thread.sleep(20);
      }
      assertThat(loader.get()).as("the game class loader, after unload").isNull();
    }

    private WeakReference<ClassLoader> loadUseAndUnload(Path file) {
      GameDefinition definition = GameJar.load(validJar().writeTo(file));
      Game game = definition.factory().get();
      RecordingMessage request = RecordingMessage.request("echo", new JsonObject());
      game.message(new RecordingPlayer("p1"), request);
      assertThat(request.reply.getString("greeting")).isEqualTo("hello from game:valid:1.0.0");

      definition.unloader().run();
      definition.unloader().run();
      assertThat(((GameClassLoader) definition.loader()).isClosed()).isTrue();
      return new WeakReference<>(definition.loader());
    }
  }
}
