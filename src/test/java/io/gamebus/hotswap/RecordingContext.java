package io.gamebus.hotswap;

import io.gamebus.api.GameContext;
import io.gamebus.api.Player;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** A game context without Vert.x whose broadcast pushes to its players. */
final class RecordingContext implements GameContext {

  private final String game;
  private final String version;
  final List<Player> players = new ArrayList<>();

  RecordingContext(String game, String version) {
    this.game = game;
    this.version = version;
  }

  @Override
  public Vertx vertx() {
    throw new UnsupportedOperationException("no Vert.x in this test");
  }

  @Override
  public String game() {
    return game;
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public String instanceId() {
    return game + "-test-1";
  }

  @Override
  public JsonObject config() {
    return new JsonObject();
  }

  @Override
  public Collection<Player> players() {
    return Collections.unmodifiableList(players);
  }

  @Override
  public void broadcast(String route, JsonObject body) {
    players.forEach(player -> player.send(route, body));
  }
}
