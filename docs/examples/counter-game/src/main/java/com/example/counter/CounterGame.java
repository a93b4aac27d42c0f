package com.example.counter;

import io.gamebus.api.Game;
import io.gamebus.api.GameContext;
import io.gamebus.api.Message;
import io.gamebus.api.Player;
import io.vertx.core.json.JsonObject;

/**
 * A counter shared by every player of an instance.
 *
 * <ul>
 *   <li>{@code add} with {@code {"by": n}} (default 1) adds n and pushes {@code count}
 *       {@code {"count": total}} to every player; sent as a request, it also replies with the total.
 *   <li>{@code get} (a request) replies {@code {"count": total}}.
 *   <li>{@code who} (a request) replies who the player is signed in as: {@code {"user": ..., "name": ...}},
 *       from the token the gateway verified (the session id and no name when anonymous).
 *   <li>A player who joins is pushed the current {@code count}.
 * </ul>
 * The count survives hot swaps and crashes: {@link #snapshot()} hands it to the next instance's
 * {@link #start}.
 */
public class CounterGame implements Game {

  private GameContext context;
  private long count;

  @Override
  public void start(GameContext context, JsonObject restored) {
    this.context = context;
    if (restored != null) {
      count = restored.getLong("count", 0L);
    }
  }

  @Override
  public void join(Player player) {
    player.send("count", total());
  }

  @Override
  public void message(Player player, Message message) {
    switch (message.route()) {
      case "add" -> add(message);
      case "get" -> message.reply(total());
      case "who" -> message.reply(new JsonObject().put("user", player.userId())
          .put("name", player.claims().getString("name")));
      default -> message.fail("unknown_route", "this game knows the routes add, get and who, not '" + message.route() + "'");
    }
  }

  private void add(Message message) {
    Object by = message.body().getValue("by", 1);
    if (!(by instanceof Integer || by instanceof Long)) {
      // Answer bad input instead of throwing: a throw is a crash, which restarts the instance.
      message.fail("bad_by", "'by' must be a whole number, e.g. {\"by\": 2}");
      return;
    }
    count += ((Number) by).longValue();
    context.broadcast("count", total());
    if (message.isRequest()) {
      message.reply(total());
    }
  }

  @Override
  public JsonObject snapshot() {
    return total();
  }

  private JsonObject total() {
    return new JsonObject().put("count", count);
  }
}
