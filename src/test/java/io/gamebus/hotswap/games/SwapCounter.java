package io.gamebus.hotswap.games;

import io.gamebus.api.Game;
import io.gamebus.api.GameContext;
import io.gamebus.api.Message;
import io.gamebus.api.Player;
import io.vertx.core.json.JsonObject;

/** A shared counter that says which version answered; its count survives swaps. */
public class SwapCounter implements Game {
  private GameContext context;
  private long count;

  @Override
  public void start(GameContext context, JsonObject restored) {
    this.context = context;
    this.count = restored == null ? 0 : restored.getLong("count", 0L);
  }

  @Override
  public void message(Player player, Message message) {
    if ("add".equals(message.route())) {
      count++;
    }
    message.reply(new JsonObject().put("count", count).put("version", context.version()));
  }

  @Override
  public JsonObject snapshot() {
    return new JsonObject().put("count", count);
  }
}
