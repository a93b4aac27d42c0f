package io.gamebus.instance;

import io.gamebus.bus.SessionRef;
import io.gamebus.bus.InstanceBound;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an instance owes its next game while none serves: the mailbox items, in order, and the
 * players to tell {@code moved} once it does. Lives on its slot's event loop.
 */
final class NextGameBacklog {
  private ArrayDeque<Object> items = new ArrayDeque<>();
  private final Set<String> owedMoved = new LinkedHashSet<>();

  void add(Object item) {
    items.add(item);
  }

  /**
   * A game was replaced: its players are owed {@code moved}, and the next
   * game gets a join for each (it starts with no players), then what the old one never
   * processed, then what arrived meanwhile; queued joins are dropped since every session gets one.
   */
  void replaced(SlotSessions sessions, List<Object> unprocessed) {
    owedMoved.addAll(sessions.ids());
    List<Object> carry = new ArrayList<>();
    sessions.refs().forEach(ref -> carry.add(new InstanceBound.Join(ref)));
    for (Object item : unprocessed) {
      if (!(item instanceof InstanceBound.Join)) {
        carry.add(item);
      }
    }
    for (Object item : items) {
      if (!(item instanceof InstanceBound.Join)) {
        carry.add(item);
      }
    }
    items = new ArrayDeque<>(carry);
  }

  /** The players still here that are owed {@code moved}; forgets them. */
  Map<String, SessionRef> takeOwedMoved(SlotSessions sessions) {
    Map<String, SessionRef> owed = new LinkedHashMap<>();
    for (String session : owedMoved) {
      SessionRef ref = sessions.get(session);
      if (ref != null) {
        owed.put(session, ref);
      }
    }
    owedMoved.clear();
    return owed;
  }

  /** Everything owed to the next game, in order; empties the backlog. */
  List<Object> take() {
    List<Object> taken = new ArrayList<>(items);
    items = new ArrayDeque<>();
    owedMoved.clear();
    return taken;
  }
}
