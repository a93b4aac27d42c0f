package io.gamebus.instance;

import io.gamebus.bus.SessionRef;
import io.gamebus.bus.Addresses;
import io.gamebus.bus.InstanceBound;
import io.gamebus.bus.InstanceInfo;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The players that left an instance for another one (it failed for good, or its version was
 * retired or handed over): their traffic that still reaches the old instance follows them. While
 * a move is under way it is held, and forwarded in arrival order once they landed, so a message
 * sent in between is not lost. Lives on its slot's event loop.
 */
final class DepartedSessions {
  private static final Logger LOG = LoggerFactory.getLogger(DepartedSessions.class);

  private final Vertx vertx;
  private final Relocator relocator;
  /** Session to the instance it went to. */
  private final Map<String, String> forwards = new HashMap<>();
  /** Traffic of sessions being moved, in arrival order. */
  private final Map<String, List<InstanceBound>> inTransit = new HashMap<>();

  DepartedSessions(Vertx vertx, Relocator relocator) {
    this.vertx = vertx;
    this.relocator = relocator;
  }

  /**
   * Moves {@code leaving} off {@code from} with the {@link Relocator} (to
   * {@code version} only, unless null); {@code stranded} is what their game never got (joins are
   * dropped: the new instance joins them itself). Completes once they are placed or ended.
   */
  Future<Void> relocate(InstanceInfo from, Map<String, SessionRef> leaving, List<Object> stranded, String reason,
                        String version) {
    if (leaving.isEmpty()) {
      return Future.succeededFuture();
    }
    leaving.keySet().forEach(session -> inTransit.put(session, new ArrayList<>()));
    for (Object item : stranded) {
      if (item instanceof InstanceBound bound && SessionTraffic.is(bound)) {
        List<InstanceBound> held = inTransit.get(SessionTraffic.sessionOf(bound));
        if (held != null) {
          held.add(bound);
        }
      }
    }
    return relocator.relocate(from, leaving, reason, version).otherwise(e -> {
      LOG.error("moving the players of instance {} failed", from.id(), e);
      return Map.of();
    }).map(placed -> {
      for (String session : leaving.keySet()) {
        List<InstanceBound> held = inTransit.remove(session);
        String target = placed.get(session);
        if (held != null && target != null) {
          forwards.put(session, target);
          held.forEach(item -> follow(session, item));
        }
      }
      return null;
    });
  }

  /** The session went to {@code instance} (a hot-swap handover). */
  void movedTo(String session, String instance) {
    forwards.put(session, instance);
  }

  /** Traffic for a session that is no longer on the instance: after it, if it went somewhere. */
  void follow(String session, InstanceBound item) {
    List<InstanceBound> held = inTransit.get(session);
    if (held != null) {
      held.add(item);
      return;
    }
    String target = forwards.get(session);
    if (target != null) {
      vertx.eventBus().send(Addresses.instance(target), item);
      if (item instanceof InstanceBound.Leave) {
        forwards.remove(session);
      }
    } else if (item instanceof InstanceBound.Deliver deliver && deliver.requestId() > 0) {
      LOG.warn("request {} of session {} reached an instance the session is not on, nor moved from: "
          + "its gateway answers it timeout", deliver.requestId(), session);
    }
  }

  /** Whether traffic of players that left may still come and be sent after them. */
  boolean forwarding() {
    return !forwards.isEmpty() || !inTransit.isEmpty();
  }

  /** The session is (back) on the instance. */
  void forget(String session) {
    forwards.remove(session);
    inTransit.remove(session);
  }
}
