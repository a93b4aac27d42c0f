package io.gamebus.testing;

import io.gamebus.hotswap.TestJar;
import io.gamebus.testing.games.BrokenStartGame;
import io.gamebus.testing.games.ScriptedGame;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The test games as game jars, and node configurations that run them. */
public final class TestGames {
  /** {@link ScriptedGame}'s name. */
  public static final String SCRIPTED = "scripted";
  /** {@link BrokenStartGame}'s name. */
  public static final String BROKEN = "broken";

  private TestGames() {}

  /** Writes the jar of {@link ScriptedGame} into a fresh temporary directory. */
  public static Path scriptedJar() {
    return write(TestJar.game(SCRIPTED, "1.0.0", ScriptedGame.class), "scripted-1.0.0.jar");
  }

  /** Writes the jar of {@link BrokenStartGame} into a fresh temporary directory. */
  public static Path brokenJar() {
    return write(TestJar.game(BROKEN, "1.0.0", BrokenStartGame.class), "broken-1.0.0.jar");
  }

  /** A {@code games[]} entry for a jar. */
  public static JsonObject jarEntry(Path jar, int instances, int capacity) {
    return new JsonObject().put("jar", jar.toString()).put("instances", instances).put("capacity", capacity);
  }

  /** Overrides running only these games, the first being the default game. */
  public static JsonObject only(String defaultGame, JsonObject... entries) {
    JsonArray games = new JsonArray();
    for (JsonObject entry : entries) {
      games.add(entry);
    }
    return new JsonObject().put("games", games).put("gateway", new JsonObject().put("defaultGame", defaultGame));
  }

  private static Path write(TestJar jar, String name) {
    try {
      Path dir = Files.createTempDirectory("gamebus-test-games");
      dir.toFile().deleteOnExit();
      Path file = jar.writeTo(dir.resolve(name));
      file.toFile().deleteOnExit(); // registered last, deleted first
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
