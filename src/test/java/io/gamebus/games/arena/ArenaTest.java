package io.gamebus.games.arena;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.api.GameContext;
import io.gamebus.api.Message;
import io.gamebus.api.Player;
import io.gamebus.games.arena.v2.ArenaV2;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The arena as gamebus drives it, with a hand-made context; the tick is driven by the test. */
@DisplayName("The arena game")
class ArenaTest {

  /** A push or a broadcast the game sent. */
  record Sent(String to, String route, JsonObject body) {}

  private final List<Sent> sent = new ArrayList<>();
  private final List<Player> players = new ArrayList<>();

  private final GameContext context = new GameContext() {
    @Override public Vertx vertx() {
      return timersOnly();
    }
    @Override public String game() {
      return "arena";
    }
    @Override public String version() {
      return "1.0.0";
    }
    @Override public String instanceId() {
      return "arena-1";
    }
    @Override public JsonObject config() {
      return new JsonObject();
    }
    @Override public Collection<Player> players() {
      return players;
    }
    @Override public void broadcast(String route, JsonObject body) {
      sent.add(new Sent("*", route, body.copy()));
    }
  };

  /** A Vert.x whose timers never fire: the test calls {@link Arena#tick()} itself. */
  private static Vertx timersOnly() {
    return (Vertx) Proxy.newProxyInstance(Vertx.class.getClassLoader(), new Class<?>[] {Vertx.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "setPeriodic" -> 1L;
          case "cancelTimer" -> true;
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }

  private Player player(String id) {
    Player player = new Player() {
      @Override public String id() {
        return id;
      }
      @Override public void send(String route, JsonObject body) {
        sent.add(new Sent(id, route, body.copy()));
      }
      @Override public void close(String reason) {}
    };
    players.add(player);
    return player;
  }

  /** A request; its answer lands in {@code answer}. */
  private static final class Request implements Message {
    final String route;
    final JsonObject body;
    JsonObject reply;
    String failure;

    Request(String route, JsonObject body) {
      this.route = route;
      this.body = body;
    }
    @Override public String route() {
      return route;
    }
    @Override public JsonObject body() {
      return body;
    }
    @Override public boolean isRequest() {
      return true;
    }
    @Override public void reply(JsonObject body) {
      reply = body;
    }
    @Override public void fail(String code, String message) {
      failure = code;
    }
  }

  private Request ask(Arena arena, Player player, String route, JsonObject body) {
    Request request = new Request(route, body);
    arena.message(player, request);
    return request;
  }

  @Test
  @DisplayName("pushes the whole state to a player who joins, with its id, version and theme")
  void fullStateOnJoin() {
    Arena arena = new Arena();
    arena.start(context, null);
    arena.join(player("p1"));
    Sent first = sent.get(0);
    assertThat(first.to()).isEqualTo("p1");
    assertThat(first.route()).isEqualTo("state");
    assertThat(first.body().getString("you")).isEqualTo("p1");
    assertThat(first.body().getString("version")).isEqualTo("1.0.0");
    assertThat(first.body().getString("instance")).isEqualTo("arena-1");
    assertThat(first.body().getJsonObject("theme").getString("itemShape")).isEqualTo("coin");
    assertThat(first.body().getJsonObject("players").fieldNames()).containsExactly("p1");
    assertThat(first.body().getJsonObject("items")).hasSize(ArenaRules.CLASSIC.itemCount());
  }

  @Test
  @DisplayName("broadcasts a delta only for ticks in which something changed")
  void deltasOnChange() {
    Arena arena = new Arena();
    arena.start(context, null);
    Player p1 = player("p1");
    arena.join(p1);
    arena.tick();
    sent.clear();
    arena.tick();
    assertThat(sent).isEmpty();
    assertThat(ask(arena, p1, "input", new JsonObject().put("left", true)).reply).isEqualTo(new JsonObject().put("ok", true));
    arena.tick();
    assertThat(sent).extracting(Sent::route).containsExactly("delta");
    assertThat(sent.get(0).body().getJsonObject("players").getJsonObject("p1").fieldNames()).contains("x");
  }

  @Test
  @DisplayName("broadcasts chat trimmed to 200 characters with the sender's name")
  void chat() {
    Arena arena = new Arena();
    arena.start(context, null);
    Player p1 = player("p1");
    arena.join(p1);
    ask(arena, p1, "name", new JsonObject().put("name", "Ada"));
    sent.clear();
    Request request = ask(arena, p1, "chat", new JsonObject().put("text", "  " + "x".repeat(300)));
    assertThat(request.reply).isEqualTo(new JsonObject().put("ok", true));
    assertThat(sent).containsExactly(new Sent("*", "chat",
        new JsonObject().put("id", "p1").put("name", "Ada").put("text", "x".repeat(200))));
  }

  @Test
  @DisplayName("answers bad input and unknown routes with an error instead of crashing")
  void badInput() {
    Arena arena = new Arena();
    arena.start(context, null);
    Player p1 = player("p1");
    arena.join(p1);
    assertThat(ask(arena, p1, "input", new JsonObject().put("up", 1)).failure).isEqualTo("bad_input");
    assertThat(ask(arena, p1, "chat", new JsonObject()).failure).isEqualTo("bad_input");
    assertThat(ask(arena, p1, "chat", new JsonObject().put("text", " \t ")).failure).isEqualTo("bad_input");
    assertThat(ask(arena, p1, "name", new JsonObject().put("name", 5)).failure).isEqualTo("bad_input");
    assertThat(ask(arena, p1, "dance", new JsonObject()).failure).isEqualTo("unknown_route");
    assertThat(ask(arena, p1, "state", new JsonObject()).reply.getString("you")).isEqualTo("p1");
  }

  @Test
  @DisplayName("version 2 carries on a version 1 match with stars worth two points on a night field")
  void hotSwapToVersion2() {
    Arena v1 = new Arena();
    v1.start(context, null);
    Player p1 = player("p1");
    v1.join(p1);
    ask(v1, p1, "name", new JsonObject().put("name", "Ada"));
    JsonObject snapshot = v1.snapshot();
    v1.stop();

    sent.clear();
    Arena v2 = new ArenaV2();
    v2.start(context, snapshot);
    v2.join(p1);
    JsonObject state = sent.get(0).body();
    assertThat(state.getJsonObject("theme").getString("name")).isEqualTo("night");
    assertThat(state.getJsonObject("theme").getString("itemShape")).isEqualTo("star");
    assertThat(state.getInteger("itemPoints")).isEqualTo(2);
    assertThat(state.getJsonObject("players").getJsonObject("p1").getString("name")).isEqualTo("Ada");
  }

  @Test
  @DisplayName("broadcasts a leaver as gone in the next delta")
  void leave() {
    Arena arena = new Arena();
    arena.start(context, null);
    Player p1 = player("p1");
    Player p2 = player("p2");
    arena.join(p1);
    arena.join(p2);
    arena.tick();
    sent.clear();
    arena.leave(p2);
    arena.tick();
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).body().getJsonArray("gone")).containsExactly("p2");
  }
}
