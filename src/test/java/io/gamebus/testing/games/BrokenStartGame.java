package io.gamebus.testing.games;

import io.gamebus.api.Game;
import io.gamebus.api.GameContext;
import io.gamebus.api.Message;
import io.gamebus.api.Player;
import io.vertx.core.json.JsonObject;

/** A game whose {@code start} always throws: its instances never become active. */
public class BrokenStartGame implements Game {

  @Override
  public void start(GameContext context, JsonObject restored) {
    throw new IllegalStateException("broken on purpose: this game never starts");
  }

  @Override
  public void message(Player player, Message message) {}
}
