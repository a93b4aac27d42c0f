package io.gamebus.game;

import io.gamebus.api.Player;
import io.gamebus.bus.Identity;
import io.gamebus.protocol.ServerMessage;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/** A player as a game sees it; lives on its generation's thread. */
final class GamePlayer implements Player {
  private final String id;
  private final Identity identity;
  private final Generation generation;
  private String gateway;

  /** {@code identity} is null for an anonymous player. */
  GamePlayer(String id, String gateway, Identity identity, Generation generation) {
    this.id = id;
    this.gateway = gateway;
    this.identity = identity;
    this.generation = generation;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String userId() {
    return identity == null ? id : identity.user();
  }

  @Override
  public JsonObject claims() {
    return identity == null ? new JsonObject() : identity.claims().copy();
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
