package io.gamebus.node;

import io.gamebus.config.ConfigException;
import io.gamebus.config.GamebusConfig;
import io.gamebus.hotswap.DevJar;
import io.gamebus.hotswap.GameJar;
import io.gamebus.hotswap.InvalidGameJarException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gamebus dev --game DIR}: edit, save, play. A node (every role, no cluster) runs the game
 * of the project in DIR, as the default game; each time its jar is rebuilt, the new jar is
 * deployed as the next development version ({@code 1.0.0-dev.2}, ...) with {@code migrate}, so
 * connected players keep their state and their connection across every save.
 */
@Command(name = "dev", mixinStandardHelpOptions = true,
    description = "Runs a node with the game of a project; every rebuild of its jar goes live as a new version, players kept.")
final class DevMode implements Callable<Integer> {
  @Option(names = {"--game", "--watch"}, required = true, paramLabel = "DIR",
      description = "the game project (its jar is found in DIR/target) or the game jar itself")
  Path game;

  @Option(names = "--conf", paramLabel = "FILE", description = "JSON configuration merged over the embedded defaults")
  Path conf;

  @Override
  public Integer call() throws Exception {
    Optional<Path> found = gameJar(game);
    if (found.isEmpty()) {
      System.err.println("gamebus dev: no game jar in " + game.resolve("target")
          + "; build it first (mvn package in " + game + "), or give the jar itself to --game");
      return 2;
    }
    Path jar = found.get();
    GameJar.Checked built;
    GamebusConfig config;
    Path work = Files.createTempDirectory("gamebus-dev-");
    try {
      built = DevJar.manifestOf(jar);
      DevRedeploy versions = new DevRedeploy(jar, built.game());
      Path first = versions.firstCopy(work);
      config = GamebusConfig.from(overrides(built.game(), first), System.getenv(GamebusConfig.TOKEN_VARIABLE));
      StartupCheck.check(config);
      System.out.println("gamebus dev: playing " + built.game() + " " + versions.current() + " from " + jar
          + "; rebuild it (mvn package) and it goes live as the next version, players kept");
      return Main.run(config, false, node -> versions.watch(node));
    } catch (InvalidGameJarException | ConfigException e) {
      System.err.println("gamebus dev: " + e.getMessage());
      return 2;
    } finally {
      deleteQuietly(work);
    }
  }

  /** The configuration file (if any) with this game added to its games and made the default game. */
  private JsonObject overrides(String name, Path jar) {
    JsonObject json;
    try {
      json = conf == null ? new JsonObject() : new JsonObject(Files.readString(conf));
    } catch (IOException e) {
      throw new ConfigException("cannot read configuration file " + conf + ": " + e.getMessage(), e);
    } catch (DecodeException | ClassCastException e) {
      throw new ConfigException("configuration file " + conf + " is not a JSON object: " + e.getMessage(), e);
    }
    JsonArray games = new JsonArray();
    for (Object entry : json.getJsonArray("games", new JsonArray())) {
      if (!(entry instanceof JsonObject game && name.equals(game.getString("name")))) {
        games.add(entry);
      }
    }
    json.put("games", games.add(new JsonObject().put("jar", jar.toString()).put("instances", 1)));
    JsonObject gateway = json.getJsonObject("gateway", new JsonObject());
    json.put("gateway", gateway.put("defaultGame", gateway.getString("defaultGame", name)));
    return json;
  }

  /** DIR/target's newest jar whose manifest names a game, or DIR itself when it is a jar. */
  static Optional<Path> gameJar(Path dir) throws IOException {
    if (Files.isRegularFile(dir)) {
      return Optional.of(dir);
    }
    Path target = dir.resolve("target");
    if (!Files.isDirectory(target)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(target)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".jar")).filter(DevMode::namesAGame)
          .max(Comparator.comparing(f -> f.toFile().lastModified()));
    }
  }

  private static boolean namesAGame(Path jar) {
    try {
      DevJar.manifestOf(jar);
      return true;
    } catch (InvalidGameJarException e) {
      return false;
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      System.err.println("gamebus dev: cannot remove " + dir + ": " + e.getMessage());
    }
  }
}
