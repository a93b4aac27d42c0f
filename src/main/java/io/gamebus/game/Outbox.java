package io.gamebus.game;

import io.gamebus.bus.GatewayBound;
import io.vertx.core.eventbus.EventBus;
import java.util.List;

/**
 * Where a generation's outgoing traffic goes: straight to the gateways on the event bus, from
 * the game's own thread. A generation that was replaced gets a muted outbox, so a zombie thread
 * that wakes up later cannot talk to players that moved on.
 */
final class Outbox {
  private final EventBus bus;
  private volatile boolean muted;

  Outbox(EventBus bus) {
    this.bus = bus;
  }

  void mute() {
    muted = true;
  }

  void push(String gateway, String session, String frame) {
    if (!muted) {
      bus.send(gateway, new GatewayBound.Push(List.of(session), frame));
    }
  }

  void pushAll(String gateway, List<String> sessions, String frame) {
    if (!muted) {
      bus.send(gateway, new GatewayBound.Push(sessions, frame));
    }
  }

  void answer(String gateway, String session, long requestId, String frame) {
    if (!muted) {
      bus.send(gateway, new GatewayBound.Answer(session, requestId, frame));
    }
  }

  void kick(String gateway, String session, String reason) {
    if (!muted) {
      bus.send(gateway, new GatewayBound.Evict(List.of(session), null, null, reason));
    }
  }
}
