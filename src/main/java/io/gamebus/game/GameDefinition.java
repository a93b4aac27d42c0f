package io.gamebus.game;

import io.gamebus.api.Game;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One version of one game, ready to instantiate: built in, or loaded from a jar in its own
 * class loader.
 *
 * @param name     the game's name, e.g. {@code "arena"}
 * @param version  its version, e.g. {@code "2.0.0"}
 * @param factory  makes a fresh {@link Game} for each instance (and each replacement)
 * @param loader   the class loader the game's classes come from (the application's for a
 *                 built-in game); set as context class loader around every game call
 * @param unloader closes the version's class loader once its last instance is gone; a no-op
 *                 for built-in games
 */
public record GameDefinition(String name, String version, Supplier<Game> factory,
                             ClassLoader loader, Runnable unloader) {

  public GameDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(loader, "loader");
    Objects.requireNonNull(unloader, "unloader");
  }

  /** A game shipped inside gamebus itself. */
  public static GameDefinition builtIn(String name, String version, Supplier<Game> factory) {
    return new GameDefinition(name, version, factory, GameDefinition.class.getClassLoader(), () -> {});
  }
}
