package io.gamebus.instance;

import io.gamebus.bus.InstanceBound;
import io.gamebus.bus.InstanceInfo;
import io.gamebus.bus.SessionRef;
import io.gamebus.protocol.MoveReason;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Sessions moved here from another instance: one that failed for good, was retired or lost
 * its node, or one handing its players over in a hot swap ({@link Retirement}). For a
 * hand-over the game hears of them only once the old instance's backlog came, and their
 * traffic arriving meanwhile is held so that it follows the backlog, in order. Lives on its
 * slot's event loop.
 */
final class Adoption {
  private static final long HANDOVER_TIMEOUT_MS = 10_000;

  private final Vertx vertx;
  private final SlotSpec spec;
  private final InstanceStatus status;
  private final SlotSessions sessions;
  private final PlayerNotices notices;
  private final DepartedSessions departed;
  private final GenerationSupervisor generations;
  private final SlotInbox inbox;
  /** The slot's handling of a session's traffic, for what was held. */
  private final Consumer<InstanceBound> traffic;
  /** Sessions whose old instance has not sent its backlog yet. */
  private final Set<String> heldSessions = new LinkedHashSet<>();
  private final List<InstanceBound> heldItems = new ArrayList<>();

  Adoption(Vertx vertx, SlotSpec spec, InstanceStatus status, SlotSessions sessions, PlayerNotices notices,
           DepartedSessions departed, GenerationSupervisor generations, SlotInbox inbox, Consumer<InstanceBound> traffic) {
    this.vertx = vertx;
    this.spec = spec;
    this.status = status;
    this.sessions = sessions;
    this.notices = notices;
    this.departed = departed;
    this.generations = generations;
    this.inbox = inbox;
    this.traffic = traffic;
  }

  /** Traffic of a session still waiting for its old instance's backlog is held: true if this was. */
  boolean held(InstanceBound body) {
    if (!heldSessions.isEmpty() && SessionTraffic.is(body) && heldSessions.contains(SessionTraffic.sessionOf(body))) {
      heldItems.add(body);
      return true;
    }
    return false;
  }

  /** Whether this session waits for its old instance's backlog. */
  boolean awaitsBacklog(String session) {
    return heldSessions.contains(session);
  }

  /**
   * Takes over sessions moved here; returns the ones accepted (capacity permitting). The game
   * hears of them only after their gateways were told {@code moved}: here at once, or, for a
   * handover, when the old instance's backlog comes (it tells the gateways itself, then sends it).
   */
  List<String> adopt(List<SessionRef> refs, String reason, boolean handover) {
    List<String> accepted = new ArrayList<>();
    if (!status.is(InstanceInfo.ACTIVE) && !takesLostPlayers(reason)) {
      return accepted;
    }
    Map<String, SessionRef> moved = new LinkedHashMap<>();
    for (SessionRef ref : refs) {
      if (sessions.holds(ref.session())) {
        // Already here (its gateway was lost, or an adoption retried): only its gateway changes.
        sessions.rebind(ref.session(), ref.gateway());
        accepted.add(ref.session());
        continue;
      }
      if (!sessions.hasRoomFor(ref.session())) {
        break;
      }
      sessions.add(ref);
      departed.forget(ref.session());
      moved.put(ref.session(), ref);
      accepted.add(ref.session());
    }
    if (accepted.isEmpty()) {
      return accepted;
    }
    if (handover) {
      heldSessions.addAll(accepted);
      // Should the old instance never send its backlog (it died), stop waiting for it.
      vertx.setTimer(HANDOVER_TIMEOUT_MS, t -> release(List.of()));
    } else {
      // As for a join (InstanceSlot): nothing straight to the game between `moved` and the joins.
      inbox.hold();
      try {
        notices.moved(moved, reason);
        moved.values().forEach(ref -> generations.submit(new InstanceBound.Join(ref)));
      } finally {
        inbox.release();
      }
      moved.keySet().forEach(inbox::allow);
    }
    status.report();
    return accepted;
  }

  /**
   * An instance that took over a lost node's players keeps taking them (their gateways, or
   * the clients resuming them) while it drains: they are its own, not players moved in.
   */
  private boolean takesLostPlayers(String reason) {
    return spec.isTakeover() && status.is(InstanceInfo.DRAINING) && MoveReason.NODE_LOST.wireName().equals(reason);
  }

  /** The old instance's backlog came: the joins, then the backlog, then what was held meanwhile. */
  void release(List<InstanceBound> arrived) {
    if (heldSessions.isEmpty()) {
      return;
    }
    List<String> joining = new ArrayList<>(heldSessions);
    heldSessions.clear();
    List<InstanceBound> held = new ArrayList<>(heldItems);
    heldItems.clear();
    for (String session : joining) {
      SessionRef ref = sessions.get(session);
      if (ref != null) {
        generations.submit(new InstanceBound.Join(ref));
      }
    }
    arrived.forEach(traffic);
    held.forEach(traffic);
    joining.stream().filter(sessions::holds).forEach(inbox::allow);
  }
}
