package io.gamebus.games.arena;

import io.gamebus.api.Game;
import io.gamebus.api.GameContext;
import io.gamebus.api.Message;
import io.gamebus.api.Player;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * The built-in {@code arena} game (version 1.0.0), played from the web page at {@code /}:
 * players steer avatars around a walled field, pick up items for points and chat. The server
 * owns the state; clients get it whole once and then as per-tick changes.
 *
 * <p>Routes, client to game (every request is answered; a bad body gets {@code error}
 * {@code bad_input}, an unknown route {@code unknown_route}):
 * <ul>
 *   <li>{@code input} {@code {"up","down","left","right": bool}} or {@code {"dx","dy": number}}:
 *       where to head until the next {@code input}; reply {@code {"ok":true}}</li>
 *   <li>{@code name} {@code {"name": string}}: rename (trimmed, at most 16 characters); reply
 *       {@code {"ok":true,"name":...}} with the name kept</li>
 *   <li>{@code chat} {@code {"text": string}}: said to everyone (trimmed, at most 200
 *       characters); reply {@code {"ok":true}}</li>
 *   <li>{@code state}: the full state, as the reply of a request, else pushed</li>
 * </ul>
 * Pushes, game to client:
 * <ul>
 *   <li>{@code state}: the whole match, first thing after every {@code join} (new player,
 *       resumed, moved in), see {@link #state(Player)}</li>
 *   <li>{@code delta}: what changed in a tick, only when something did, see {@link Delta}</li>
 *   <li>{@code chat} {@code {"id","name","text"}}</li>
 * </ul>
 *
 * <p>Configuration ({@code games[].config}): {@code tickMs} (default 50, i.e. 20 Hz) and
 * {@code seed} (default 1) of the random generator that places items and picks names.
 *
 * <p>Subclasses change the rules and looks through {@link #rules()}; see
 * {@link io.gamebus.games.arena.v2.ArenaV2}.
 */
public class Arena implements Game {

  public static final String INPUT = "input";
  public static final String NAME = "name";
  public static final String CHAT = "chat";
  public static final String STATE = "state";
  public static final String DELTA = "delta";
  /** Longest chat line, in characters. */
  public static final int CHAT_MAX = 200;

  private GameContext context;
  private ArenaWorld world;
  private long timerId = -1;

  /** The rules and theme of this version; override to make a new version look or play differently. */
  protected ArenaRules rules() {
    return ArenaRules.CLASSIC;
  }

  @Override
  public void start(GameContext context, JsonObject restored) {
    this.context = context;
    JsonObject config = context.config() == null ? new JsonObject() : context.config();
    int tickMs = (int) number(config, "tickMs", 50, 1, 60_000);
    long seed = number(config, "seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
    ArenaRules rules = Objects.requireNonNull(rules(), "rules() returned null");
    world = restored == null
        ? ArenaWorld.fresh(rules, tickMs, seed)
        : ArenaWorld.restore(rules, tickMs, seed, restored);
    timerId = context.vertx().setPeriodic(tickMs, id -> tick());
  }

  @Override
  public void join(Player player) {
    world.join(player.id());
    player.send(STATE, state(player));
  }

  @Override
  public void message(Player player, Message message) {
    JsonObject answer;
    try {
      answer = switch (message.route()) {
        case INPUT -> input(player, message.body());
        case NAME -> name(player, message.body());
        case CHAT -> chat(player, message.body());
        case STATE -> state(player);
        default -> null;
      };
    } catch (IllegalArgumentException e) {
      if (message.isRequest()) {
        message.fail("bad_input", e.getMessage());
      }
      return;
    }
    if (answer == null) {
      if (message.isRequest()) {
        message.fail("unknown_route", "arena has no route '" + message.route()
            + "'; use input, name, chat or state");
      }
    } else if (message.isRequest()) {
      message.reply(answer);
    } else if (STATE.equals(message.route())) {
      player.send(STATE, answer);
    }
  }

  @Override
  public void leave(Player player) {
    world.leave(player.id());
  }

  @Override
  public JsonObject snapshot() {
    return world.snapshot();
  }

  @Override
  public void stop() {
    if (timerId >= 0) {
      context.vertx().cancelTimer(timerId);
      timerId = -1;
    }
  }

  /** One simulation step; pushes {@code delta} to everyone if anything changed. */
  void tick() {
    Delta delta = world.step();
    if (!delta.isEmpty()) {
      context.broadcast(DELTA, delta.toJson());
    }
  }

  /**
   * The {@code state} push: {@link ArenaWorld#state()} plus {@code you} (the player's id),
   * {@code game}, {@code version} and {@code instance}.
   */
  JsonObject state(Player player) {
    return world.state().put("you", player.id()).put("game", context.game())
        .put("version", context.version()).put("instance", context.instanceId());
  }

  private JsonObject input(Player player, JsonObject body) {
    world.steer(player.id(), Steering.from(body));
    return ok();
  }

  private JsonObject name(Player player, JsonObject body) {
    return ok().put("name", world.rename(player.id(), text(body, "name")));
  }

  private JsonObject chat(Player player, JsonObject body) {
    String text = PlainText.clean(text(body, "text"), CHAT_MAX);
    if (text.isEmpty()) {
      throw new IllegalArgumentException("chat.text is empty; send some visible characters");
    }
    Avatar avatar = world.avatar(player.id());
    context.broadcast(CHAT, new JsonObject().put("id", player.id())
        .put("name", avatar == null ? player.id() : avatar.name()).put("text", text));
    return ok();
  }

  private static JsonObject ok() {
    return new JsonObject().put("ok", true);
  }

  private static String text(JsonObject body, String key) {
    if (body.getValue(key) instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException(key + " must be a string, e.g. {\"" + key + "\":\"...\"}");
  }

  private static long number(JsonObject config, String key, long fallback, long min, long max) {
    Object value = config.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number n && n.doubleValue() == n.longValue() && n.longValue() >= min && n.longValue() <= max) {
      return n.longValue();
    }
    throw new IllegalArgumentException("arena config " + key + " must be a whole number from " + min
        + " to " + max + ", got " + value + "; fix games[].config of arena");
  }
}
