package io.gamebus.game;

import io.gamebus.api.Message;
import io.gamebus.protocol.ServerMessage;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's {@code msg} as a game sees it. A request stays in its generation's set of open
 * requests until answered, so the ones a failed game never answered get {@code game_error}.
 */
final class GameMessage implements Message {
  private static final Logger LOG = LoggerFactory.getLogger(GameMessage.class);

  private final GamePlayer player;
  private final long requestId;
  private final String route;
  private final JsonObject body;
  private final Outbox outbox;
  private final Set<GameMessage> open;
  private boolean answered;

  GameMessage(GamePlayer player, long requestId, String route, JsonObject body, Outbox outbox,
              Set<GameMessage> open) {
    this.player = player;
    this.requestId = requestId;
    this.route = route;
    this.body = body;
    this.outbox = outbox;
    this.open = open;
    if (requestId > 0) {
      open.add(this);
    }
  }

  String session() {
    return player.id();
  }

  long requestId() {
    return requestId;
  }

  @Override
  public String route() {
    return route;
  }

  @Override
  public JsonObject body() {
    return body;
  }

  @Override
  public boolean isRequest() {
    return requestId > 0;
  }

  @Override
  public void reply(JsonObject body) {
    Objects.requireNonNull(body, "body");
    if (claimAnswer("reply")) {
      outbox.answer(player.gateway(), player.id(), requestId, new ServerMessage.Reply(requestId, body).encode());
    }
  }

  @Override
  public void fail(String code, String message) {
    Objects.requireNonNull(code, "code");
    if (claimAnswer("fail")) {
      outbox.answer(player.gateway(), player.id(), requestId,
          new ServerMessage.Failure(requestId, code, message == null ? code : message).encode());
    }
  }

  private boolean claimAnswer(String how) {
    if (!isRequest()) {
      LOG.warn("{}() ignored: the message on route '{}' from {} is not a request (the client sent no id); "
          + "use player.send(...) to push instead", how, route, player.id());
      return false;
    }
    if (answered) {
      LOG.warn("{}() ignored: request {} on route '{}' from {} was already answered", how, requestId, route, player.id());
      return false;
    }
    answered = true;
    open.remove(this);
    return true;
  }
}
