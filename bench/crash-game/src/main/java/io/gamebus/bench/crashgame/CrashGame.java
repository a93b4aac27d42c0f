package io.gamebus.bench.crashgame;

import io.gamebus.api.Game;
import io.gamebus.api.GameContext;
import io.gamebus.api.Message;
import io.gamebus.api.Player;
import io.vertx.core.json.JsonObject;

/**
 * Fails on demand: route {@code crash} throws, route {@code spin} loops on the CPU until its
 * thread is interrupted (the supervisor does that when it gives up on it) or {@code ms} pass.
 * Anything else is answered with the number of times this instance was started, which its
 * snapshot carries over to the replacement.
 */
public class CrashGame implements Game {
  private long starts;

  @Override
  public void start(GameContext context, JsonObject restored) {
    starts = (restored == null ? 0 : restored.getLong("starts", 0L)) + 1;
  }

  @Override
  public void message(Player player, Message message) {
    switch (message.route()) {
      case "crash" -> throw new IllegalStateException("crash on demand");
      case "spin" -> {
        long deadline = System.nanoTime() + message.body().getLong("ms", 60_000L) * 1_000_000;
        while (System.nanoTime() - deadline < 0 && !Thread.currentThread().isInterrupted()) {
          Thread.onSpinWait();
        }
      }
      default -> {
        if (message.isRequest()) {
          message.reply(new JsonObject().put("starts", starts));
        }
      }
    }
  }

  @Override
  public JsonObject snapshot() {
    return new JsonObject().put("starts", starts);
  }
}
