package io.gamebus.testing.games;

import io.gamebus.api.Game;
import io.gamebus.api.GameContext;
import io.gamebus.api.Message;
import io.gamebus.api.Player;
import io.vertx.core.json.JsonObject;

/**
 * A game for protocol tests, loaded from a jar like any third-party game:
 * <ul>
 *   <li>route {@code ignore}: never answered (the gateway's {@code timeout});</li>
 *   <li>route {@code flood}: pushes {@code body.count} messages of {@code body.size} characters
 *       to the sender, route {@code flood}, then answers {@code {"sent":count}};</li>
 *   <li>route {@code whoami}: answers {@code {"player":<its id>}};</li>
 *   <li>any other route: answered with its body, like echo.</li>
 * </ul>
 * When a player leaves, every remaining player gets a push {@code left} {@code {"player":id}},
 * so a test can see the game's {@code leave}.
 */
public class ScriptedGame implements Game {
  private GameContext context;

  @Override
  public void start(GameContext context, JsonObject restored) {
    this.context = context;
  }

  @Override
  public void message(Player player, Message message) {
    switch (message.route()) {
      case "ignore" -> { }
      case "flood" -> {
        int count = message.body().getInteger("count", 1);
        String filler = "x".repeat(message.body().getInteger("size", 1));
        for (int i = 0; i < count; i++) {
          player.send("flood", new JsonObject().put("n", i).put("filler", filler));
        }
        if (message.isRequest()) {
          message.reply(new JsonObject().put("sent", count));
        }
      }
      case "whoami" -> message.reply(new JsonObject().put("player", player.id()));
      default -> {
        if (message.isRequest()) {
          message.reply(message.body());
        }
      }
    }
  }

  @Override
  public void leave(Player player) {
    context.broadcast("left", new JsonObject().put("player", player.id()));
  }
}
