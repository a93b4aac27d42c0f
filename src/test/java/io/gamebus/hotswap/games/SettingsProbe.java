package io.gamebus.hotswap.games;

import io.gamebus.api.Game;
import io.gamebus.api.GameContext;
import io.gamebus.api.Message;
import io.gamebus.api.Player;
import io.vertx.core.json.JsonObject;

/** Answers every request with its version and the config it was given. */
public class SettingsProbe implements Game {
  private GameContext context;

  @Override
  public void start(GameContext context, JsonObject restored) {
    this.context = context;
  }

  @Override
  public void message(Player player, Message message) {
    message.reply(new JsonObject().put("version", context.version()).put("config", context.config()));
  }
}
