package io.gamebus.hotswap;

import io.gamebus.api.Player;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** A player that keeps what the game pushed to it. */
final class RecordingPlayer implements Player {

  record Push(String route, JsonObject body) {}

  private final String id;
  final List<Push> pushes = new ArrayList<>();
  String closedWith;

  RecordingPlayer(String id) {
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public void send(String route, JsonObject body) {
    pushes.add(new Push(route, body.copy()));
  }

  @Override
  public void close(String reason) {
    closedWith = reason;
  }
}
