package io.gamebus.game;

import io.gamebus.api.Player;
import io.gamebus.protocol.ServerMessage;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/** A player as a game sees it; lives on its generation's thread. */
final class GamePlayer implements Player {
  private final String id;
  private final Generation generation;
  private String gateway;

  GamePlayer(String id, String gateway, Generation generation) {
    this.id = id;
    this.gateway = gateway;
    this.generation = generation;
  }

  @Override
  public String id() {
    return id;
  }

  String gateway() {
    return gateway;
  }

  void rebind(String gateway) {
    this.gateway = gateway;
  }

  @Override
  public void send(String route, JsonObject body) {
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(body, "body");
    generation.outbox().push(gateway, id, new ServerMessage.Push(route, body).encode());
  }

  @Override
  public void close(String reason) {
    generation.outbox().kick(gateway, id, reason == null ? "closed" : reason);
  }

  @Override
  public String toString() {
    return "Player[" + id + "]";
  }
}
