package io.gamebus.supervisor;

import io.gamebus.bus.Addresses;
import io.gamebus.bus.InstanceBound;
import io.gamebus.bus.InstanceInfo;
import io.gamebus.protocol.MoveReason;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an instance that failed for good still does for the players it had: moves them to
 * another instance of the game ({@link Relocator}: {@code moved} reason {@code crash}, or
 * {@code error unavailable} and {@code closing} when there is none) and sends their traffic after
 * them, held while the move is under way and forwarded once it landed, so a message sent in
 * between is not lost. Lives on its slot's event loop.
 */
final class FailedInstance {
  private static final Logger LOG = LoggerFactory.getLogger(FailedInstance.class);

  private final Vertx vertx;
  private final Relocator relocator;
  /** Session to the instance it was moved to. */
  private final Map<String, String> forwards = new HashMap<>();
  /** Traffic of sessions being moved, in arrival order. */
  private final Map<String, List<InstanceBound>> inTransit = new HashMap<>();

  FailedInstance(Vertx vertx, Relocator relocator) {
    this.vertx = vertx;
    this.relocator = relocator;
  }

  /**
   * Moves {@code leaving} (session to gateway) off {@code from}; {@code stranded} is what their
   * game never got (joins are dropped: the new instance joins them itself).
   */
  void relocate(InstanceInfo from, Map<String, String> leaving, List<Object> stranded) {
    leaving.keySet().forEach(session -> inTransit.put(session, new ArrayList<>()));
    for (Object item : stranded) {
      if (item instanceof InstanceBound bound && !(item instanceof InstanceBound.Join)) {
        List<InstanceBound> held = inTransit.get(sessionOf(bound));
        if (held != null) {
          held.add(bound);
        }
      }
    }
    relocator.relocate(from, leaving, MoveReason.CRASH.wireName()).onComplete(ar -> {
      if (ar.failed()) {
        LOG.error("moving the players of failed instance {} failed", from.id(), ar.cause());
      }
      Map<String, String> placed = ar.succeeded() ? ar.result() : Map.of();
      for (String session : leaving.keySet()) {
        List<InstanceBound> held = inTransit.remove(session);
        String target = placed.get(session);
        if (held != null && target != null) {
          forwards.put(session, target);
          held.forEach(item -> follow(session, item));
        }
      }
      LOG.info("failed instance {}: {} of {} players moved to other instances", from.id(), placed.size(),
          leaving.size());
    });
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
    }
  }

  /** The session is back on the instance (a revived one). */
  void forget(String session) {
    forwards.remove(session);
    inTransit.remove(session);
  }

  /** The session a {@code Deliver}, {@code Leave} or {@code Rebind} is about. */
  static String sessionOf(InstanceBound item) {
    if (item instanceof InstanceBound.Deliver deliver) {
      return deliver.session();
    }
    if (item instanceof InstanceBound.Leave leave) {
      return leave.session();
    }
    if (item instanceof InstanceBound.Rebind rebind) {
      return rebind.session();
    }
    throw new IllegalArgumentException("not a session's traffic: " + item);
  }
}
