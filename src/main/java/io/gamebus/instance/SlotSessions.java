package io.gamebus.instance;

import io.gamebus.bus.Addresses;
import io.gamebus.bus.SessionRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sessions an instance holds, in the order they came, each with the gateway that holds it
 * and whose it is ({@link SessionRef}), up to the instance's capacity. The slot and its parts
 * read and change it on the slot's event loop.
 */
final class SlotSessions {
  private final int capacity;
  private final Map<String, SessionRef> bySession = new LinkedHashMap<>();

  SlotSessions(int capacity) {
    this.capacity = capacity;
  }

  boolean holds(String session) {
    return bySession.containsKey(session);
  }

  /** The session's entry, or null if it is not here. */
  SessionRef get(String session) {
    return bySession.get(session);
  }

  /** Whether the session is here or there is room for it. */
  boolean hasRoomFor(String session) {
    return holds(session) || bySession.size() < capacity;
  }

  void add(SessionRef ref) {
    bySession.put(ref.session(), ref);
  }

  /** The session is now held by another gateway (it resumed there, or its gateway was lost). */
  void rebind(String session, String gateway) {
    bySession.put(session, bySession.get(session).at(gateway));
  }

  void remove(String session) {
    bySession.remove(session);
  }

  void removeAll(Collection<String> sessions) {
    sessions.forEach(bySession::remove);
  }

  int count() {
    return bySession.size();
  }

  boolean isEmpty() {
    return bySession.isEmpty();
  }

  /** The session ids, as of now. */
  List<String> ids() {
    return new ArrayList<>(bySession.keySet());
  }

  /** The entries, as of now. */
  List<SessionRef> refs() {
    return new ArrayList<>(bySession.values());
  }

  /** Session to entry, as of now. */
  Map<String, SessionRef> copy() {
    return new LinkedHashMap<>(bySession);
  }

  /** Every entry, which are then all gone from here. */
  Map<String, SessionRef> takeAll() {
    Map<String, SessionRef> all = copy();
    bySession.clear();
    return all;
  }

  /** The sessions whose gateway is on {@code node}, with their entries as of now. */
  Map<String, SessionRef> heldOn(String node) {
    Map<String, SessionRef> held = new LinkedHashMap<>();
    bySession.forEach((session, ref) -> {
      if (Addresses.isGatewayOf(ref.gateway(), node)) {
        held.put(session, ref);
      }
    });
    return held;
  }
}
