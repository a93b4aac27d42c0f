package io.gamebus.hotswap;

import io.gamebus.config.ConfigException;
import io.gamebus.config.GameConfig;
import io.gamebus.game.GameDefinition;
import io.gamebus.games.BuiltInGames;
import io.gamebus.instance.InstanceSlots;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which {@link GameDefinition} runs for a game on this node: a built-in game, the jar a
 * {@code games} entry names (which is how {@code gamebus dev} runs its game), or, once a version
 * was uploaded, the cluster's current upload ({@link VersionRegistry}), whose jar is copied into
 * a folder of this node's own. Also the configured settings of each game, for every version of it.
 * Jars are read and their classes loaded off the event loop.
 */
public final class GameVersions {
  private final Vertx vertx;
  private final String node;
  private final List<GameConfig> games;
  private final VersionRegistry uploads;
  /** The configured entry of each game by the game's own name, which for a jar comes from its manifest. */
  private final Map<String, GameConfig> settings = new HashMap<>();
  private Path storage;

  /** What to run at start: a version and how many instances. */
  public record Planned(GameDefinition definition, GameConfig settings, long deployOrder, int instances) {}

  public GameVersions(Vertx vertx, String node, List<GameConfig> games) {
    this.vertx = vertx;
    this.node = node;
    this.games = games;
    this.uploads = new VersionRegistry(vertx);
  }

  /**
   * The definition a {@code games} entry names: its jar, read in place, or a built-in game;
   * blocking (reads the jar and loads its classes).
   *
   * @throws ConfigException if the entry names neither, or its name does not match its jar's game
   * @throws InvalidGameJarException if the jar is not a valid game
   */
  public static GameDefinition configured(GameConfig game) {
    if (game.jar() != null) {
      GameDefinition definition = GameJar.load(Path.of(game.jar()));
      if (game.name() != null && !game.name().equals(definition.name())) {
        throw new ConfigException("games entry '" + game.name() + "': jar " + game.jar()
            + " holds game '" + definition.name() + "'; make the names match or drop 'name'");
      }
      return definition;
    }
    GameDefinition builtIn = BuiltInGames.named(game.name());
    if (builtIn == null) {
      throw new ConfigException("games entry '" + game.name() + "' is not a built-in game (built in: "
          + BuiltInGames.names() + "); give it a 'jar'");
    }
    return builtIn;
  }

  /**
   * Checks a {@code games} entry as {@link #configured} will load it, then unloads it again; the
   * failure names the entry's {@code key} ({@code games[2]}).
   *
   * @return the game's name
   * @throws ConfigException naming what to fix
   */
  public static String check(GameConfig game, String key) {
    if (game.jar() == null) {
      if (BuiltInGames.named(game.name()) == null) {
        throw new ConfigException(key + ".name '" + game.name() + "' is not a built-in game (built in: "
            + String.join(", ", BuiltInGames.names()) + "); give it a 'jar'");
      }
      return game.name();
    }
    String name = jarGame(key + ".jar", Path.of(game.jar()));
    if (game.name() != null && !game.name().equals(name)) {
      throw new ConfigException(key + ".name is '" + game.name() + "' but " + game.jar() + " holds game '" + name
          + "'; make the names match or drop 'name'");
    }
    return name;
  }

  private static String jarGame(String key, Path jar) {
    try {
      return GameJar.check(jar).game();
    } catch (InvalidGameJarException e) {
      String where = jar.isAbsolute() || Files.exists(jar) ? ""
          : " (a relative path resolves against the node's working folder, " + Path.of("").toAbsolutePath() + ")";
      throw new ConfigException(key + ": " + e.getMessage() + where, e);
    }
  }

  /**
   * What this node runs at start: each configured game, or the cluster's uploaded version of it
   * once it has moved on to one, and every game only ever uploaded (a games node runs them all).
   */
  public Future<List<Planned>> atStart() {
    // A folder of this node's own for uploaded jars: two nodes with one id on a host share nothing.
    Future<String> folder = vertx.fileSystem().createTempDirectory("gamebus-" + node + "-uploads-")
        .onSuccess(dir -> storage = Path.of(dir));
    Future<List<GameDefinition>> resolved = vertx.executeBlocking(() -> games.stream().map(GameVersions::configured).toList());
    return Future.all(folder, uploads.all(), resolved).compose(all -> {
      Map<String, JsonObject> current = all.resultAt(1);
      List<GameDefinition> definitions = all.resultAt(2);
      List<Future<Planned>> planned = new ArrayList<>();
      Set<String> configured = new HashSet<>();
      for (int g = 0; g < games.size(); g++) {
        GameConfig game = games.get(g);
        GameDefinition definition = definitions.get(g);
        configured.add(definition.name());
        settings.put(definition.name(), game);
        JsonObject uploaded = current.get(definition.name());
        if (uploaded != null && !uploaded.getString("version").equals(definition.version())) {
          // Joining a cluster that has moved on to an uploaded version: run that one.
          planned.add(uploaded(uploaded, game));
        } else {
          planned.add(Future.succeededFuture(new Planned(definition, game, 0, game.instances())));
        }
      }
      current.forEach((name, uploaded) -> {
        if (!configured.contains(name)) {
          planned.add(uploaded(uploaded, settingsOf(name)));
        }
      });
      return Future.all(planned).map(done -> done.<Planned>list());
    });
  }

  private Future<Planned> uploaded(JsonObject uploaded, GameConfig game) {
    return load(uploaded.getBinary("jar"))
        .map(definition -> new Planned(definition, game, uploaded.getLong("deployOrder"), Math.max(1, game.instances())));
  }

  /** Loads an uploaded jar (a copy in this node's folder, deleted when the version is unloaded). */
  public Future<GameDefinition> load(byte[] jar) {
    return vertx.executeBlocking(() -> GameJar.load(jar, storage));
  }

  /** A game version this node can run: one it runs already, a built-in one, the uploaded one, or a configured jar. */
  public Future<GameDefinition> find(String game, String version, InstanceSlots running) {
    GameDefinition here = running.running(game, version);
    if (here != null) {
      return Future.succeededFuture(here);
    }
    GameDefinition builtIn = BuiltInGames.named(game);
    if (builtIn != null && builtIn.version().equals(version)) {
      return Future.succeededFuture(builtIn);
    }
    return uploads.jar(game, version).compose(jar -> vertx.executeBlocking(() -> {
      if (jar != null) {
        return GameJar.load(jar, storage);
      }
      for (GameConfig config : games) {
        if (config.jar() != null) {
          GameDefinition candidate = configured(config);
          if (candidate.name().equals(game) && candidate.version().equals(version)) {
            return candidate;
          }
          candidate.unloader().run();
        }
      }
      throw new IllegalStateException("this node has no jar for " + game + " " + version);
    }));
  }

  /**
   * {@link #find}, or, when no node has that version any more, the cluster's current upload of
   * the game: the cluster keeps only the current jar, so an instance of an older version (lost
   * while draining) runs again as the current one, from its state, as a migrate would.
   */
  public Future<GameDefinition> findOrCurrent(String game, String version, InstanceSlots running) {
    return find(game, version, running).recover(missing -> uploads.all().map(all -> all.get(game))
        .compose(current -> current == null ? Future.failedFuture(missing)
            : find(game, current.getString("version"), running)));
  }

  /**
   * The configured settings of a game (capacity, snapshots, config) for every version of it,
   * whether its entry names it or only its jar does; the defaults for a game only uploaded.
   */
  public GameConfig settingsOf(String game) {
    GameConfig configured = settings.get(game);
    return configured != null ? configured : new GameConfig(game, null, 1, 1000, 1000, new JsonObject());
  }

  /** Removes the uploads' folder (the versions are unloaded already). */
  public Future<Void> close() {
    return storage == null ? Future.succeededFuture() : vertx.fileSystem().deleteRecursive(storage.toString());
  }
}
