package io.gamebus.gateway;

import io.gamebus.bus.Addresses;
import io.gamebus.bus.GatewayBound;
import io.gamebus.bus.InstanceBound;
import io.gamebus.bus.InstanceInfo;
import io.gamebus.bus.RegistryEvent;
import io.gamebus.bus.SessionRef;
import io.gamebus.config.GatewayConfig;
import io.gamebus.placement.Placement;
import io.gamebus.protocol.ErrorCode;
import io.gamebus.protocol.MoveReason;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions here whose instance died with its node: they stay open until an instance on a live
 * node has taken over the lost one's players (it reports the id it replaces), or the lost one
 * is seen again (a split cluster merged), which then adopts them, or are evicted
 * ({@code unavailable}) once the resume window (at least {@value #ORPHAN_GRACE_S} s) has passed.
 * Lives on the gateway verticle's event loop.
 */
final class OrphanedSessions {
  private static final Logger LOG = LoggerFactory.getLogger(OrphanedSessions.class);
  private static final long ORPHAN_GRACE_S = 30;
  private static final DeliveryOptions ADOPT_OPTIONS = new DeliveryOptions().setSendTimeout(1_000);

  private final Vertx vertx;
  private final GatewayConfig config;
  private final String address;
  private final Placement placement;
  private final SessionTable sessions;
  private final InstanceTraffic traffic;
  /** Session ids by the id of their lost instance, until it runs again elsewhere. */
  private final Map<String, Set<String>> orphans = new HashMap<>();
  private long orphanedAt;

  OrphanedSessions(Vertx vertx, GatewayConfig config, String address, Placement placement, SessionTable sessions,
                   InstanceTraffic traffic) {
    this.vertx = vertx;
    this.config = config;
    this.address = address;
    this.placement = placement;
    this.sessions = sessions;
    this.traffic = traffic;
  }

  /** Asks an instance to adopt sessions whose instance or gateway was lost with its node. */
  static Future<Message<InstanceBound>> askToAdopt(Vertx vertx, String instanceId, List<SessionRef> refs) {
    return vertx.eventBus().request(Addresses.instance(instanceId),
        new InstanceBound.Adopt(refs, MoveReason.NODE_LOST.wireName(), false), ADOPT_OPTIONS);
  }

  /** A node died: its instances' sessions here wait for those instances to run again elsewhere. */
  void nodeLost(RegistryEvent.NodeLost lost) {
    Set<String> lostIds = new HashSet<>();
    lost.instances().forEach(i -> lostIds.add(i.id()));
    List<ClientSession> orphaned = new ArrayList<>();
    for (ClientSession session : sessions.all()) {
      // By the session's own node too: the instance may already run again elsewhere, and this
      // node's directory moved it there, before the cluster told this node of the loss.
      if (lostIds.contains(session.instance) || lost.node().equals(session.node)) {
        orphans.computeIfAbsent(session.instance, id -> new LinkedHashSet<>()).add(session.id);
        session.heldForInstance = new ArrayList<>();
        orphaned.add(session);
      }
    }
    // What the lost instance had taken will never be answered: say so now rather than at the
    // request timeout. What clients send from now on waits for the instance to run again.
    for (ClientSession session : orphaned) {
      List<Long> unanswered = new ArrayList<>(session.requests.keySet());
      session.requests.clear();
      for (Long id : unanswered) {
        if (session.connection != null) {
          session.connection.error(ErrorCode.GAME_ERROR, id,
              "the node running your game instance was lost; this request may not have been processed");
        }
      }
    }
    if (!orphans.isEmpty()) {
      orphanedAt = System.nanoTime();
      LOG.info("node {} lost: {} sessions here wait for their instances {} to run again", lost.node(),
          orphans.values().stream().mapToInt(Set::size).sum(), orphans.keySet());
    }
  }

  /** The adopted sessions live on {@code successor} now: what they said meanwhile goes there, in order. */
  private void release(List<String> adopted, InstanceInfo successor) {
    for (String id : adopted) {
      ClientSession session = sessions.get(id);
      if (session != null) {
        session.instance = successor.id();
        session.version = successor.version();
        session.node = successor.node();
        traffic.releaseHeld(session);
      }
    }
  }

  /** Hands orphaned sessions to the instance that took over theirs; gives up after the resume window. */
  void adopt(long now) {
    if (orphans.isEmpty()) {
      return;
    }
    for (Iterator<Map.Entry<String, Set<String>>> it = orphans.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Set<String>> orphaned = it.next();
      InstanceInfo successor = placement.current(orphaned.getKey());
      List<SessionRef> refs = new ArrayList<>();
      for (String id : orphaned.getValue()) {
        ClientSession session = sessions.get(id);
        // Still waiting: not yet taken by the instance running again (see InstanceTraffic.releaseHeld).
        if (session != null && orphaned.getKey().equals(session.instance) && session.heldForInstance != null) {
          refs.add(new SessionRef(id, address, session.identity));
        }
      }
      if (refs.isEmpty()) {
        it.remove();
      } else if (successor != null) {
        it.remove();
        String lost = orphaned.getKey();
        // The successor may be the lost instance itself, back when the halves of a split cluster merged.
        LOG.info("instance {} on {} {} lost instance {}: handing it {} sessions", successor.id(), successor.node(),
            successor.id().equals(lost) ? "is back, the same as" : "took over", lost, refs.size());
        // Those it does not take (yet: it may not consume its address everywhere) are asked again.
        askToAdopt(vertx, successor.id(), refs).onComplete(ar -> {
          List<String> adopted = ar.succeeded() ? ((InstanceBound.Adopted) ar.result().body()).sessions() : List.of();
          release(adopted, successor);
          refs.stream().map(SessionRef::session).filter(id -> !adopted.contains(id))
              .forEach(id -> orphans.computeIfAbsent(lost, k -> new LinkedHashSet<>()).add(id));
        });
      } else if (now - orphanedAt > TimeUnit.SECONDS.toNanos(Math.max(ORPHAN_GRACE_S, config.resumeSeconds()))) {
        it.remove();
        List<String> ids = refs.stream().map(SessionRef::session).toList();
        LOG.warn("no instance took over lost instance {} within the resume window: its {} sessions here end",
            orphaned.getKey(), ids.size());
        traffic.evict(new GatewayBound.Evict(ids, ErrorCode.UNAVAILABLE.wireName(),
            "the node running your game instance was lost and it could not be restarted", "unavailable"));
      }
    }
  }
}
