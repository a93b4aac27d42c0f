package io.gamebus.hotswap.games;

import io.gamebus.api.Game;
import io.gamebus.api.GameContext;
import io.gamebus.api.Message;
import io.gamebus.api.Player;
import io.vertx.core.json.JsonObject;

/**
 * A game that tells {@link LoaderTrace} which class loader it came from, and runs code of its
 * own on the game threads (a timer, a consumer, every message) so that a thread keeping a
 * reference to its loader would show. Route {@code hang} gets it stuck, so that its thread is
 * abandoned: until interrupted, or with {@code "deaf": true} until the system property
 * {@code traced.release} is set.
 */
public class TracedGame implements Game {
  private long ticks;

  @Override
  public void start(GameContext context, JsonObject restored) {
    LoaderTrace.seen(getClass().getClassLoader());
    context.vertx().setPeriodic(5, id -> ticks++);
    context.vertx().eventBus().consumer("traced." + context.instanceId(), m -> m.reply(ticks));
  }

  @Override
  public void message(Player player, Message message) {
    if ("hang".equals(message.route())) {
      hang(message.body().getBoolean("deaf", false));
    }
    message.reply(new JsonObject().put("ticks", ticks));
  }

  @Override
  public JsonObject snapshot() {
    return new JsonObject().put("ticks", ticks);
  }

  private static void hang(boolean deaf) {
    while (!Boolean.getBoolean("traced.release")) {
      try {
        Thread.sleep(5); // the hang under test
      } catch (InterruptedException e) {
        if (!deaf) {
          return;
        }
      }
    }
  }
}
