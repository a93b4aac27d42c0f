package io.gamebus.gateway;

import io.gamebus.bus.Addresses;
import io.gamebus.bus.InstanceBound;
import io.gamebus.bus.LocalInstances;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends a gateway's session traffic ({@code Deliver}, {@code Leave}, {@code Rebind}) to the
 * instances, batched: what one event-loop turn produced for an instance leaves as one batch,
 * in order, once the turn is over, the way a game's outbox batches the other direction. An
 * instance on this node takes the batch through its inbox ({@link LocalInstances}), straight
 * into its game's mailbox where it can: the request's only thread hops are then gateway → game
 * → gateway. An instance elsewhere gets one {@link InstanceBound.Batch} on the event bus.
 */
final class InstanceSender {
  private final Vertx vertx;
  private final Context context;
  private Map<String, List<InstanceBound>> pending = new LinkedHashMap<>();

  /** @param context the gateway's event-loop context, where {@link #send} is called */
  InstanceSender(Vertx vertx, Context context) {
    this.vertx = vertx;
    this.context = context;
  }

  void send(String instance, InstanceBound item) {
    if (pending.isEmpty()) {
      // Queued behind the work already waiting on the event loop: runs once this turn's reads are done.
      context.runOnContext(v -> flush());
    }
    pending.computeIfAbsent(instance, i -> new ArrayList<>(4)).add(item);
  }

  /** Sends what this turn produced so far now, ahead of anything sent after (see {@link InstanceTraffic#moved}). */
  void flush() {
    Map<String, List<InstanceBound>> out = pending;
    pending = new LinkedHashMap<>();
    out.forEach((instance, items) -> {
      LocalInstances.Inbox inbox = LocalInstances.find(vertx, instance);
      if (inbox != null) {
        inbox.accept(items);
      } else {
        vertx.eventBus().send(Addresses.instance(instance), items.size() == 1 ? items.get(0) : new InstanceBound.Batch(items));
      }
    });
  }
}
