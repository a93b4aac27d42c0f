package io.gamebus.game;

import io.gamebus.api.GameContext;
import io.gamebus.api.Player;
import io.gamebus.protocol.ServerMessage;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The {@link GameContext} of one generation; read on the game's thread only. */
final class InstanceContext implements GameContext {
  private final Vertx vertx;
  private final GameDefinition definition;
  private final String instanceId;
  private final JsonObject config;
  private final Map<String, GamePlayer> players;
  private final Outbox outbox;

  InstanceContext(Vertx vertx, GameDefinition definition, String instanceId, JsonObject config,
                  Map<String, GamePlayer> players, Outbox outbox) {
    this.vertx = vertx;
    this.definition = definition;
    this.instanceId = instanceId;
    this.config = config;
    this.players = players;
    this.outbox = outbox;
  }

  @Override
  public Vertx vertx() {
    return vertx;
  }

  @Override
  public String game() {
    return definition.name();
  }

  @Override
  public String version() {
    return definition.version();
  }

  @Override
  public String instanceId() {
    return instanceId;
  }

  @Override
  public JsonObject config() {
    return config;
  }

  @Override
  public Collection<Player> players() {
    return Collections.unmodifiableCollection(players.values());
  }

  @Override
  public void broadcast(String route, JsonObject body) {
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(body, "body");
    if (players.isEmpty()) {
      return;
    }
    String frame = new ServerMessage.Push(route, body).encode();
    // One event-bus message per gateway, whatever the number of players behind it.
    Map<String, List<String>> byGateway = new HashMap<>(4);
    for (GamePlayer player : players.values()) {
      byGateway.computeIfAbsent(player.gateway(), g -> new ArrayList<>()).add(player.id());
    }
    byGateway.forEach((gateway, sessions) -> outbox.pushAll(gateway, sessions, frame));
  }
}
