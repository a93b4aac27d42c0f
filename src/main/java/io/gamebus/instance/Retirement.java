package io.gamebus.instance;

import io.gamebus.bus.Addresses;
import io.gamebus.bus.GatewayBound;
import io.gamebus.bus.InstanceBound;
import io.gamebus.bus.InstanceInfo;
import io.gamebus.bus.SessionRef;
import io.gamebus.metrics.GamebusMetrics;
import io.gamebus.protocol.MoveReason;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How an instance whose version is being replaced ({@code hotswap.VersionRollout}) or whose node shuts
 * down lets its players go: it hands them over to a successor together with its game's final
 * state and the traffic the game never saw (migrate), waits for them to leave (drain), or moves
 * them now (retire). The successor's side is {@link Adoption}. Lives on its slot's event loop.
 */
final class Retirement {
  private static final DeliveryOptions ASK = new DeliveryOptions().setSendTimeout(5_000);

  private final Vertx vertx;
  private final SlotSpec spec;
  private final GamebusMetrics metrics;
  private final InstanceStatus status;
  private final SlotSessions sessions;
  private final GenerationSupervisor generations;
  private final DepartedSessions departed;
  private final SlotInbox inbox;
  /** Traffic received after the final snapshot, for the successor; null unless handing over. */
  private List<InstanceBound> handoverBacklog;
  private Runnable whenEmpty;

  Retirement(Vertx vertx, SlotSpec spec, GamebusMetrics metrics, InstanceStatus status, SlotSessions sessions,
             GenerationSupervisor generations, DepartedSessions departed, SlotInbox inbox) {
    this.vertx = vertx;
    this.spec = spec;
    this.metrics = metrics;
    this.status = status;
    this.sessions = sessions;
    this.generations = generations;
    this.departed = departed;
    this.inbox = inbox;
  }

  /** While handing over, a session's traffic is kept for the successor: true if this was. */
  boolean keptForSuccessor(InstanceBound body) {
    if (handoverBacklog != null && SessionTraffic.is(body)) {
      handoverBacklog.add(body);
      return true;
    }
    return false;
  }

  /** A player left: a drain ends with the last one. */
  void left() {
    if (sessions.isEmpty() && whenEmpty != null) {
      whenEmpty.run();
    }
  }

  // ---- migrate -----------------------------------------------------------------------------

  /**
   * Step one of a migrate: stop taking sessions, let the game finish what it was sent, and
   * take its final snapshot; what arrives from now on is kept for the successor.
   */
  Future<JsonObject> handOver() {
    status.state(InstanceInfo.DRAINING);
    handoverBacklog = new ArrayList<>();
    return generations.handOver(this::keepForSuccessor);
  }

  /** Items the game will never see, older than anything kept so far, go first to the successor. */
  private void keepForSuccessor(List<Object> items) {
    List<InstanceBound> kept = new ArrayList<>();
    for (Object item : items) {
      if (item instanceof InstanceBound bound && SessionTraffic.is(bound)) {
        kept.add(bound);
      }
    }
    handoverBacklog.addAll(0, kept);
  }

  /**
   * Step two of a migrate: the successor adopts every session (those it cannot take go to
   * other instances of its version), the gateways switch to it, then it gets the backlog;
   * players are told {@code reason}.
   */
  Future<Void> transferTo(InstanceInfo successor, MoveReason reason) {
    Promise<Void> done = Promise.promise();
    List<SessionRef> refs = sessions.refs();
    if (refs.isEmpty()) {
      return Future.succeededFuture();
    }
    vertx.eventBus().<InstanceBound>request(Addresses.instance(successor.id()),
            new InstanceBound.Adopt(refs, reason.wireName(), true), ASK)
        .map(reply -> ((InstanceBound.Adopted) reply.body()).sessions())
        .otherwise(List.of())
        .compose(accepted -> switchGateways(accepted, successor, reason).map(accepted))
        .onComplete(ar -> {
          List<String> accepted = ar.succeeded() ? ar.result() : List.of();
          List<InstanceBound> sent = new ArrayList<>();
          List<Object> stranded = new ArrayList<>();
          for (InstanceBound item : handoverBacklog) {
            if (accepted.contains(SessionTraffic.sessionOf(item))) {
              sent.add(item);
            } else {
              stranded.add(item);
            }
          }
          // From here on, what still reaches this instance for a moved session follows it there.
          handoverBacklog = null;
          accepted.forEach(s -> departed.movedTo(s, successor.id()));
          sessions.removeAll(accepted);
          // Acknowledged, so a node that shuts down right after cannot lose it in flight.
          Future<?> handedOver = vertx.eventBus().request(Addresses.instance(successor.id()),
              new InstanceBound.Backlog(spec.id(), sent), ASK);
          Future<Void> rest = relocateAll(sessions.copy(), stranded, successor.version());
          Future.join(handedOver, rest).onComplete(x -> done.complete());
        });
    return done.future();
  }

  /** Tells the gateways of these sessions to send to the successor; completes once they all have. */
  private Future<Void> switchGateways(List<String> moved, InstanceInfo successor, MoveReason reason) {
    Map<String, List<String>> byGateway = new LinkedHashMap<>();
    for (String session : moved) {
      byGateway.computeIfAbsent(sessions.get(session).gateway(), g -> new ArrayList<>()).add(session);
    }
    List<Future<?>> acks = new ArrayList<>();
    byGateway.forEach((gateway, list) -> acks.add(vertx.eventBus().request(gateway, new GatewayBound.Moved(
        list, successor.id(), successor.version(), successor.node(), reason.wireName()), ASK)));
    metrics.moved(reason.wireName(), moved.size());
    // Once a gateway has answered, nothing more from it is on its way here (same path, in order).
    return Future.join(acks).otherwiseEmpty().mapEmpty();
  }

  // ---- drain and retire --------------------------------------------------------------------

  /**
   * Drain: no new sessions; completes when the last player has left, or after {@code seconds},
   * when the remaining players are moved to the successor version.
   */
  Future<Void> drain(int seconds, String successorVersion) {
    Promise<Void> done = Promise.promise();
    status.state(InstanceInfo.DRAINING);
    status.report();
    if (sessions.isEmpty()) {
      return Future.succeededFuture();
    }
    whenEmpty = done::tryComplete;
    vertx.setTimer(TimeUnit.SECONDS.toMillis(seconds), t -> {
      if (!done.future().isComplete()) {
        relocateAll(sessions.copy(), List.of(), successorVersion).onComplete(x -> done.tryComplete());
      }
    });
    return done.future();
  }

  /**
   * No new sessions; completes when the last player has left, however long that takes (an
   * instance taken over from a node that is back: see {@code Supervisor}).
   */
  Future<Void> drainUntilEmpty() {
    Promise<Void> done = Promise.promise();
    status.state(InstanceInfo.DRAINING);
    status.report();
    whenEmpty = done::tryComplete;
    left();
    return done.future();
  }

  /** Retire now: every player moves to the successor version. */
  Future<Void> retire(String successorVersion) {
    status.state(InstanceInfo.DRAINING);
    status.report();
    return relocateAll(sessions.copy(), List.of(), successorVersion);
  }

  /** Moves {@code leaving} to {@code version}, followed by {@code stranded}, what their game never got. */
  private Future<Void> relocateAll(Map<String, SessionRef> leaving, List<Object> stranded, String version) {
    sessions.removeAll(leaving.keySet());
    leaving.keySet().forEach(inbox::deny);
    status.report();
    return departed.relocate(status.info(), leaving, stranded, MoveReason.HOTSWAP.wireName(), version);
  }
}
