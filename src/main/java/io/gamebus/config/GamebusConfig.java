package io.gamebus.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The whole node configuration: the embedded defaults ({@code conf/gamebus.json}, packed in
 * the jar) with a user's file merged over them (objects deeply, arrays replaced), then
 * {@code GAMEBUS_ADMIN_TOKEN} and {@code GAMEBUS_JWT_SECRET}.
 */
public record GamebusConfig(NodeConfig node, GatewayConfig gateway, AdminConfig admin,
                            ClusterConfig cluster, SupervisorConfig supervisor, List<GameConfig> games,
                            AuthConfig auth) {

  public static final String DEFAULTS_RESOURCE = "/gamebus.json";
  public static final String TOKEN_VARIABLE = "GAMEBUS_ADMIN_TOKEN";

  /** Embedded defaults only. */
  public static GamebusConfig defaults() {
    return from(new JsonObject(), System.getenv(TOKEN_VARIABLE));
  }

  /** Defaults with the file merged over them. */
  public static GamebusConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage(), e);
    }
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new ConfigException("configuration file " + file + " is not a JSON object: " + e.getMessage(), e);
    }
    return from(json, System.getenv(TOKEN_VARIABLE));
  }

  /** Defaults with {@code overrides} merged over them; {@code token} (may be null) wins over admin.token. */
  public static GamebusConfig from(JsonObject overrides, String token) {
    return from(overrides, token, System.getenv(AuthConfig.SECRET_VARIABLE));
  }

  /** {@link #from(JsonObject, String)}; {@code jwtSecret} (may be null) wins over auth.jwt.secret. */
  public static GamebusConfig from(JsonObject overrides, String token, String jwtSecret) {
    JsonObject json = embeddedDefaults().mergeIn(overrides, true);
    return ConfigKeys.reading(json, () -> new GamebusConfig(
        NodeConfig.from(ConfigReader.section(json, "node")),
        GatewayConfig.from(ConfigReader.section(json, "gateway")),
        AdminConfig.from(ConfigReader.section(json, "admin"), token),
        ClusterConfig.from(ConfigReader.section(json, "cluster")),
        SupervisorConfig.from(ConfigReader.section(json, "supervisor")),
        games(json.getValue("games")),
        AuthConfig.from(json, jwtSecret)));
  }

  /** The same configuration with every port moved up by {@code offset} (local clustered mode). */
  public GamebusConfig withPortOffset(int offset) {
    return new GamebusConfig(node, gateway.withPortOffset(offset), admin.withPortOffset(offset),
        cluster.withPortOffset(offset), supervisor, games, auth);
  }

  private static List<GameConfig> games(Object value) {
    ConfigKeys.topLevel("games");
    if (!(value instanceof JsonArray array)) {
      throw new ConfigException("'games' must be an array of game entries");
    }
    List<GameConfig> games = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof JsonObject entry)) {
        throw new ConfigException("games[" + i + "] must be a JSON object");
      }
      GameConfig game = GameConfig.from(new ConfigReader(entry, "games[" + i + "]"));
      if (game.name() == null && game.jar() == null) {
        throw new ConfigException("games[" + i + "] needs a 'name' (a built-in game) or a 'jar'");
      }
      if (game.name() != null && !names.add(game.name())) {
        throw new ConfigException("games[" + i + "]: game '" + game.name() + "' is listed twice");
      }
      games.add(game);
    }
    return List.copyOf(games);
  }

  private static JsonObject embeddedDefaults() {
    try (InputStream in = GamebusConfig.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("embedded defaults " + DEFAULTS_RESOURCE + " missing from the jar");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read embedded defaults", e);
    }
  }
}
