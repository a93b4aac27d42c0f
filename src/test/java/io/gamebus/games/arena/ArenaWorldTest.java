package io.gamebus.games.arena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The arena world")
class ArenaWorldTest {

  private static final ArenaRules RULES = ArenaRules.CLASSIC;
  private static final int TICK_MS = 50;
  /** Pixels an avatar moves per tick at full speed. */
  private static final double STEP = RULES.speed() * TICK_MS / 1000.0;

  /** A world with the given players and the items in a column down the right wall, 60 px apart. */
  private static ArenaWorld worldWith(JsonObject players) {
    JsonObject items = new JsonObject();
    for (int id = 0; id < RULES.itemCount(); id++) {
      items.put(String.valueOf(id), new JsonObject().put("x", 790).put("y", 590 - 60 * id));
    }
    ArenaWorld world = ArenaWorld.restore(RULES, TICK_MS, 7,
        new JsonObject().put("tick", 0).put("players", players).put("items", items));
    players.fieldNames().forEach(world::join);
    world.step(); // flush the joins
    return world;
  }

  private static JsonObject at(double x, double y) {
    return new JsonObject().put("name", "P").put("x", x).put("y", y).put("score", 0);
  }

  @Nested
  @DisplayName("moves avatars")
  class Movement {

    @Test
    @DisplayName("along their steering, one step per tick")
    void movesAlongSteering() {
      ArenaWorld world = worldWith(new JsonObject().put("a", at(400, 300)));
      world.steer("a", Steering.from(new JsonObject().put("right", true)));
      world.step();
      assertThat(world.avatar("a").x()).isEqualTo(400 + STEP);
      assertThat(world.avatar("a").y()).isEqualTo(300);
    }

    @Test
    @DisplayName("no faster diagonally than straight")
    void diagonalIsNormalised() {
      ArenaWorld world = worldWith(new JsonObject().put("a", at(400, 300)));
      world.steer("a", Steering.from(new JsonObject().put("down", true).put("left", true)));
      world.step();
      Avatar a = world.avatar("a");
      assertThat(Math.hypot(a.x() - 400, a.y() - 300)).isCloseTo(STEP, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    @DisplayName("never past the walls")
    void boundedByWalls() {
      ArenaWorld world = worldWith(new JsonObject().put("a", at(400, 300)).put("b", at(400, 300)));
      world.steer("a", Steering.from(new JsonObject().put("right", true).put("down", true)));
      world.steer("b", Steering.from(new JsonObject().put("dx", -5).put("dy", -5)));
      for (int i = 0; i < 500; i++) {
        world.step();
      }
      int r = RULES.avatarRadius();
      assertThat(world.avatar("a").x()).isEqualTo(RULES.width() - r);
      assertThat(world.avatar("a").y()).isEqualTo(RULES.height() - r);
      assertThat(world.avatar("b").x()).isEqualTo(r);
      assertThat(world.avatar("b").y()).isEqualTo(r);
    }

    @Test
    @DisplayName("and stops them when the player lets go")
    void stops() {
      ArenaWorld world = worldWith(new JsonObject().put("a", at(400, 300)));
      world.steer("a", Steering.from(new JsonObject().put("up", true)));
      world.step();
      world.steer("a", Steering.from(new JsonObject()));
      double y = world.avatar("a").y();
      assertThat(world.step().isEmpty()).isTrue();
      assertThat(world.avatar("a").y()).isEqualTo(y);
    }
  }

  @Nested
  @DisplayName("scores items")
  class Items {

    @Test
    @DisplayName("for the avatar that touches one, and respawns it elsewhere")
    void pickup() {
      ArenaWorld world = worldWith(new JsonObject().put("a", at(700, 590)).put("b", at(100, 100)));
      world.steer("a", Steering.from(new JsonObject().put("right", true)));
      Delta delta = world.step();
      while (delta.items().isEmpty()) {
        delta = world.step();
      }
      assertThat(world.avatar("a").score()).isEqualTo(RULES.itemPoints());
      assertThat(world.avatar("b").score()).isZero();
      assertThat(delta.players().get("a").getInteger("score")).isEqualTo(RULES.itemPoints());
      assertThat(delta.players()).doesNotContainKey("b");
      assertThat(delta.items()).hasSize(1);
      JsonObject respawned = delta.items().values().iterator().next();
      assertThat(respawned.getInteger("x")).isNotEqualTo(790);
    }

    @Test
    @DisplayName("at the points the rules say")
    void pointsFromRules() {
      ArenaRules stars = RULES.withItemPoints(2);
      ArenaWorld world = ArenaWorld.restore(stars, TICK_MS, 7, new JsonObject()
          .put("players", new JsonObject().put("a", at(200, 200)))
          .put("items", new JsonObject().put("0", new JsonObject().put("x", 205).put("y", 200))));
      world.join("a");
      world.step();
      assertThat(world.avatar("a").score()).isEqualTo(2);
    }
  }

  @Nested
  @DisplayName("reports in a delta")
  class Deltas {

    @Test
    @DisplayName("only the avatars that changed, and only their changed fields")
    void onlyChanges() {
      ArenaWorld world = worldWith(new JsonObject().put("a", at(400, 300)).put("b", at(100, 100)));
      world.steer("a", Steering.from(new JsonObject().put("left", true)));
      Delta delta = world.step();
      assertThat(delta.players()).containsOnlyKeys("a");
      assertThat(delta.players().get("a").fieldNames()).containsExactlyInAnyOrder("x", "y");
      assertThat(delta.items()).isEmpty();
      assertThat(delta.gone()).isEmpty();
    }

    @Test
    @DisplayName("a newcomer whole, and a leaver as gone")
    void joinsAndLeaves() {
      ArenaWorld world = worldWith(new JsonObject().put("a", at(400, 300)));
      world.join("new");
      world.leave("a");
      Delta delta = world.step();
      assertThat(delta.players()).containsOnlyKeys("new");
      assertThat(delta.players().get("new").fieldNames())
          .containsExactlyInAnyOrder("name", "hue", "x", "y", "score");
      assertThat(delta.gone()).containsExactly("a");
      assertThat(world.step().isEmpty()).isTrue();
    }

    @Test
    @DisplayName("with the tick of the previous delta, so a client can tell it missed one")
    void chainsTicks() {
      ArenaWorld world = worldWith(new JsonObject().put("a", at(400, 300)));
      long flushed = world.tick();
      world.step();
      world.step();
      world.rename("a", "Zed");
      Delta first = world.step();
      world.rename("a", "Zoe");
      Delta second = world.step();
      assertThat(first.since()).isEqualTo(flushed);
      assertThat(second.since()).isEqualTo(first.tick());
      assertThat(second.toJson()).isEqualTo(new JsonObject().put("tick", second.tick())
          .put("since", first.tick()).put("players", new JsonObject().put("a", new JsonObject().put("name", "Zoe"))));
    }
  }

  @Nested
  @DisplayName("snapshots")
  class Snapshots {

    @Test
    @DisplayName("restore to the same match, which then plays on the same way")
    void roundTrip() {
      ArenaWorld original = ArenaWorld.fresh(RULES, TICK_MS, 42);
      original.join("a");
      original.join("b");
      original.rename("b", "Bea");
      original.steer("a", Steering.vector(1, 0.5));
      for (int i = 0; i < 40; i++) {
        original.step();
      }
      JsonObject snapshot = original.snapshot();

      ArenaWorld restored = ArenaWorld.restore(RULES, TICK_MS, 99, snapshot.copy());
      restored.join("a");
      restored.join("b");
      assertThat(restored.state()).isEqualTo(original.state());
      assertThat(restored.snapshot()).isEqualTo(snapshot);

      for (int i = 0; i < 200; i++) {
        original.step();
        restored.step();
      }
      assertThat(restored.state()).isEqualTo(original.state());
    }

    @Test
    @DisplayName("keep a restored player out of sight until it joins again")
    void parksPlayers() {
      ArenaWorld world = ArenaWorld.fresh(RULES, TICK_MS, 1);
      world.join("a");
      world.join("b");
      ArenaWorld restored = ArenaWorld.restore(RULES, TICK_MS, 1, world.snapshot());
      restored.join("a");
      assertThat(restored.state().getJsonObject("players").fieldNames()).containsExactly("a");
      assertThat(restored.snapshot().getJsonObject("players").fieldNames()).containsExactlyInAnyOrder("a", "b");
      restored.join("b");
      assertThat(restored.avatar("b").name()).isEqualTo(world.avatar("b").name());
    }

    @Test
    @DisplayName("forget a restored player that does not come back within a minute")
    void parkingExpires() {
      ArenaWorld world = ArenaWorld.fresh(RULES, TICK_MS, 1);
      world.join("a");
      ArenaWorld restored = ArenaWorld.restore(RULES, TICK_MS, 1, world.snapshot());
      for (int i = 0; i < ArenaWorld.PARK_MS / TICK_MS; i++) {
        restored.step();
      }
      assertThat(restored.snapshot().getJsonObject("players").isEmpty()).isTrue();
    }

    @Test
    @DisplayName("fit a smaller arena and skip what they cannot read")
    void toleratesOtherRules() {
      ArenaRules small = new ArenaRules(200, 100, 100, 10, 5, 2, 1, RULES.theme());
      JsonObject snapshot = new JsonObject().put("tick", "soon").put("rng", 5)
          .put("players", new JsonObject().put("a", at(700, 500)).put("b", "garbage"))
          .put("items", new JsonObject().put("0", new JsonObject().put("x", 780).put("y", 20)).put("7", new JsonObject()));
      ArenaWorld world = ArenaWorld.restore(small, TICK_MS, 1, snapshot);
      world.join("a");
      JsonObject state = world.state();
      assertThat(state.getLong("tick")).isZero();
      assertThat(state.getJsonObject("players").getJsonObject("a").getInteger("x")).isEqualTo(190);
      assertThat(state.getJsonObject("players").getJsonObject("a").getInteger("y")).isEqualTo(90);
      assertThat(state.getJsonObject("items").fieldNames()).containsExactlyInAnyOrder("0", "1");
      assertThat(state.getJsonObject("items").getJsonObject("0").getInteger("x")).isEqualTo(195);
    }
  }

  @Test
  @DisplayName("cleans names and refuses empty ones")
  void names() {
    ArenaWorld world = worldWith(new JsonObject().put("a", at(400, 300)));
    assertThat(world.rename("a", "  Ada\u0007 Lovelace the Great  ")).isEqualTo("Ada Lovelace the");
    assertThat(world.avatar("a").name()).isEqualTo("Ada Lovelace the");
    assertThatThrownBy(() -> world.rename("a", " \n ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("reads steering from keys or a vector and refuses ill-typed input")
  void steering() {
    assertThat(Steering.from(new JsonObject().put("up", true).put("down", true))).isEqualTo(Steering.STILL);
    assertThat(Steering.from(new JsonObject().put("up", true))).isEqualTo(new Steering(0, -1));
    assertThat(Steering.from(new JsonObject().put("dx", 3).put("dy", 4))).isEqualTo(new Steering(0.6, 0.8));
    assertThatThrownBy(() -> Steering.from(new JsonObject().put("left", "yes")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input.left");
    assertThatThrownBy(() -> Steering.from(new JsonObject().put("dx", "1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input.dx");
  }
}
