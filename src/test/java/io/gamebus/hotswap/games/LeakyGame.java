package io.gamebus.hotswap.games;

import io.gamebus.api.Game;
import io.gamebus.api.GameContext;
import io.gamebus.api.Message;
import io.gamebus.api.Player;
import io.vertx.core.json.JsonObject;

/**
 * A careless game: it starts a periodic timer and an event-bus consumer and never stops them,
 * holding objects of its own classes; gamebus must still unload it. It tells {@link LoaderTrace}
 * which class loader it came from.
 */
public class LeakyGame implements Game {
  /** A class of the game's own, kept alive by the timer and the consumer. */
  public static final class Payload {
    final byte[] ballast = new byte[64 * 1024];
    long ticks;
  }

  @Override
  public void start(GameContext context, JsonObject restored) {
    LoaderTrace.seen(getClass().getClassLoader());
    Payload payload = new Payload();
    context.vertx().setPeriodic(10, id -> payload.ticks++);
    context.vertx().eventBus().consumer("leaky." + context.instanceId(), m -> m.reply(payload.ticks));
  }

  @Override
  public void message(Player player, Message message) {
    message.reply(new JsonObject().put("ok", true));
  }
}
