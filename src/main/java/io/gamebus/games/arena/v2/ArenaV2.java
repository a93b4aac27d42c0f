package io.gamebus.games.arena.v2;

import io.gamebus.games.arena.Arena;
import io.gamebus.games.arena.ArenaRules;

/**
 * Version 2.0.0 of the arena, shipped as {@code target/games/arena-2.0.0.jar} for the hot-swap
 * demo: the same game, but the field turns to night and the items become stars worth two
 * points. Players see the change in the {@code state} push the new instance sends them when
 * they are moved in ({@code theme.name} {@code "night"}, {@code theme.itemShape}
 * {@code "star"}, {@code itemPoints} 2); positions and scores carry over from version 1.
 */
public class ArenaV2 extends Arena {

  private static final ArenaRules NIGHT = ArenaRules.CLASSIC
      .withItemPoints(2)
      .withTheme(new ArenaRules.Theme("night", "#05060f", "#1b1840", "star", "#7df9ff"));

  @Override
  protected ArenaRules rules() {
    return NIGHT;
  }
}
