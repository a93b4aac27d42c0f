package io.gamebus.games.echo;

import io.gamebus.api.Game;
import io.gamebus.api.GameContext;
import io.gamebus.api.Message;
import io.gamebus.api.Player;
import io.vertx.core.json.JsonObject;

/**
 * The built-in {@code echo} game, used by smoke tests and benchmarks.
 *
 * <ul>
 *   <li>every request ({@code msg} with an {@code id}), whatever its route, is answered with
 *       its own {@code body};</li>
 *   <li>route {@code broadcast} pushes its {@code body} to every player of the instance, the
 *       sender included, with route {@code broadcast} (and is answered too when it is a
 *       request).</li>
 * </ul>
 *
 * It keeps no state, so {@link #snapshot()} stays {@code null}.
 */
public class EchoGame implements Game {

  /** The route whose body is pushed to every player of the instance. */
  public static final String BROADCAST = "broadcast";

  private GameContext context;

  @Override
  public void start(GameContext context, JsonObject restored) {
    this.context = context;
  }

  @Override
  public void message(Player player, Message message) {
    if (BROADCAST.equals(message.route())) {
      context.broadcast(BROADCAST, message.body());
    }
    if (message.isRequest()) {
      message.reply(message.body());
    }
  }
}
