package io.gamebus.game;

import io.gamebus.bus.GatewayBound;
import io.gamebus.vertx.VertxInternals;
import io.vertx.core.Context;
import io.vertx.core.eventbus.EventBus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a generation's outgoing traffic goes: to the gateways on the event bus, from the game's
 * own thread. What one task of the game sends (a batch of messages handled, a tick) leaves as
 * one {@link GatewayBound.Batch} per gateway once the task is over, in the order it was sent:
 * one event-bus message and one wake-up of the gateway instead of one per frame.
 *
 * <p>A generation that was replaced gets a muted outbox: what it sent before goes out, and a
 * zombie thread that wakes up later cannot talk to players that moved on.
 */
final class Outbox {
  private final EventBus bus;
  private final Context gameContext;
  private final Context sendContext;
  private Map<String, List<GatewayBound>> pending = new HashMap<>();
  private boolean flushQueued;
  private boolean muted;

  /**
   * @param gameContext the game's context, where a flush is queued behind the task sending
   * @param sendContext the context the sends are made as, from the game's thread: one that
   *                    outlives the game ({@link VertxInternals#runAs}); null on a single node,
   *                    where the event bus looks nothing up
   */
  Outbox(EventBus bus, Context gameContext, Context sendContext) {
    this.bus = bus;
    this.gameContext = gameContext;
    this.sendContext = sendContext;
  }

  /** Sends what is queued and drops everything sent from now on. */
  synchronized void mute() {
    flush();
    muted = true;
  }

  void push(String gateway, String session, String frame) {
    add(gateway, new GatewayBound.Push(List.of(session), frame));
  }

  void pushAll(String gateway, List<String> sessions, String frame) {
    add(gateway, new GatewayBound.Push(sessions, frame));
  }

  void answer(String gateway, String session, long requestId, String frame) {
    add(gateway, new GatewayBound.Answer(session, requestId, frame));
  }

  void kick(String gateway, String session, String reason) {
    add(gateway, new GatewayBound.Evict(List.of(session), null, null, reason));
  }

  private synchronized void add(String gateway, GatewayBound item) {
    if (muted) {
      return;
    }
    pending.computeIfAbsent(gateway, g -> new ArrayList<>()).add(item);
    if (!flushQueued) {
      flushQueued = true;
      // Queued behind the task that is sending, on the game's thread: runs when it is over.
      gameContext.runOnContext(v -> flushQueued());
    }
  }

  private synchronized void flushQueued() {
    flushQueued = false;
    flush();
  }

  /** Sends under the lock, so a flush from {@link #mute()} cannot overtake one from the game. */
  private void flush() {
    if (pending.isEmpty()) {
      return;
    }
    Map<String, List<GatewayBound>> out = pending;
    pending = new HashMap<>();
    Runnable send = () -> out.forEach((gateway, items) ->
        bus.send(gateway, items.size() == 1 ? items.get(0) : new GatewayBound.Batch(items)));
    if (sendContext == null) {
      send.run();
    } else {
      VertxInternals.runAs(sendContext, send);
    }
  }
}
