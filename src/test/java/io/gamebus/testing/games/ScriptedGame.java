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
 *   <li>route {@code whoami}: answers {@code {"player":<its id>,"user":<its userId>,"claims":{...}}};</li>
 *   <li>any other route: answered with its body, like echo.</li>
 * </ul>
 * When a player leaves, every remaining player gets a push {@code left} {@code {"player":id}},
 * so a test can see the game's {@code leave}. When the instance stops, it sleeps for its
 * config's {@code stopSleepMs} (a game slow to stop), then writes "stopped" to the file named by
 * its config's {@code stopFile}, if any.
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
      case "whoami" -> message.reply(new JsonObject().put("player", player.id()).put("user", player.userId())
          .put("claims", player.claims()));
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

  @Override
  public void stop() {
    long sleep = context.config().getLong("stopSleepMs", 0L);
    long until = System.currentTimeMillis() + sleep;
    while (System.currentTimeMillis() < until) {
      try {
        Thread.sleep(Math.max(1, until - System.currentTimeMillis()));
      } catch (InterruptedException ignored) {
        // a game that will not be hurried
      }
    }
    String file = context.config().getString("stopFile");
    if (file != null) {
      try {
        java.nio.file.Files.writeString(java.nio.file.Path.of(file), "stopped");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
