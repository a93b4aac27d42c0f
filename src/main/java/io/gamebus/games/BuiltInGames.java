package io.gamebus.games;

import io.gamebus.game.GameDefinition;
import io.gamebus.games.arena.Arena;
import io.gamebus.games.echo.EchoGame;
import java.util.Map;

/** The games shipped inside gamebus, by name. */
public final class BuiltInGames {
  public static final String VERSION = "1.0.0";

  private static final Map<String, GameDefinition> GAMES = Map.of(
      "echo", GameDefinition.builtIn("echo", VERSION, EchoGame::new),
      "arena", GameDefinition.builtIn("arena", VERSION, Arena::new));

  private BuiltInGames() {}

  /** The built-in game of that name, or null. */
  public static GameDefinition named(String name) {
    return GAMES.get(name);
  }

  public static java.util.Set<String> names() {
    return GAMES.keySet();
  }
}
