package io.gamebus.instance;

import io.gamebus.bus.SessionRef;
import io.gamebus.bus.GatewayBound;
import io.gamebus.game.GameFailure;
import io.gamebus.game.Generation;
import io.gamebus.metrics.GamebusMetrics;
import io.gamebus.protocol.ErrorCode;
import io.gamebus.protocol.ServerMessage;
import io.vertx.core.eventbus.EventBus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an instance tells its players, through their gateways, when its game is replaced:
 * {@code error game_error} for what the old game will never answer, and {@code moved}.
 */
final class PlayerNotices {
  private final EventBus bus;
  private final SlotSpec spec;
  private final GamebusMetrics metrics;

  PlayerNotices(EventBus bus, SlotSpec spec, GamebusMetrics metrics) {
    this.bus = bus;
    this.spec = spec;
    this.metrics = metrics;
  }

  /**
   * The game failed: the player whose message it failed on, and every request the old game
   * took without answering, get {@code game_error}.
   *
   * @param sessions the players still on the instance
   */
  void failed(GameFailure failure, List<Generation.Unanswered> unanswered, SlotSessions sessions) {
    String how = failure.hung() ? "stopped answering" : "failed";
    for (Generation.Unanswered request : unanswered) {
      boolean culprit = failure.onMessage() && request.requestId() == failure.requestId()
          && request.session().equals(failure.session());
      error(sessions, request.session(), request.requestId(), culprit
          ? "the game " + how + " on this request (instance " + spec.id() + ")"
          : "game instance " + spec.id() + " failed before answering this request");
    }
    if (failure.onMessage() && failure.requestId() == 0) {
      error(sessions, failure.session(), 0,
          "the game " + how + " on your message on route '" + failure.route() + "' (instance " + spec.id() + ")");
    }
  }

  /**
   * The game was ended on purpose (an operator restart, a new version taking over): the
   * requests it held get {@code game_error}; {@code why} completes "game instance X ...".
   */
  void dropped(List<Generation.Unanswered> unanswered, SlotSessions sessions, String why) {
    unanswered.forEach(request -> error(sessions, request.session(), request.requestId(),
        "game instance " + spec.id() + " " + why + " before answering this request"));
  }

  /** These players now live on this instance, or on its fresh game. */
  void moved(Map<String, SessionRef> players, String reason) {
    if (players.isEmpty()) {
      return;
    }
    Map<String, List<String>> byGateway = new LinkedHashMap<>();
    players.forEach((session, ref) -> byGateway.computeIfAbsent(ref.gateway(), g -> new ArrayList<>()).add(session));
    byGateway.forEach((gateway, list) -> bus.send(gateway, new GatewayBound.Moved(
        list, spec.id(), spec.definition().version(), spec.node(), reason)));
    metrics.moved(reason, players.size());
  }

  private void error(SlotSessions sessions, String session, long requestId, String text) {
    SessionRef ref = sessions.get(session);
    if (ref == null) {
      return; // gone meanwhile
    }
    String gateway = ref.gateway();
    metrics.error(ErrorCode.GAME_ERROR.wireName());
    String frame = new ServerMessage.Failure(requestId > 0 ? requestId : null, ErrorCode.GAME_ERROR, text).encode();
    if (requestId > 0) {
      bus.send(gateway, new GatewayBound.Answer(session, requestId, frame));
    } else {
      bus.send(gateway, new GatewayBound.Push(List.of(session), frame));
    }
  }
}
