package io.gamebus.bench;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The raw server's stand-in for game instances: consecutive hellos fill rooms of a fixed size,
 * named "raw-0", "raw-1", ... and returned as {@code welcome.instance}, as gamebus spreads
 * sessions over its instances. Shared by all event loops, hence the concurrent collections.
 */
final class Rooms {

    private final int size;
    private final AtomicLong hellos = new AtomicLong();
    private final Map<String, Set<Link>> members = new ConcurrentHashMap<>();

    Rooms(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("room size must be >= 1");
        }
        this.size = size;
    }

    String join(Link link) {
        String room = "raw-" + hellos.getAndIncrement() / size;
        members.computeIfAbsent(room, k -> ConcurrentHashMap.newKeySet()).add(link);
        return room;
    }

    void leave(String room, Link link) {
        Set<Link> links = members.get(room);
        if (links != null) {
            links.remove(link);
        }
    }

    /** Writes are thread-safe in Vert.x, so members on other event loops are fine. */
    void broadcast(String room, String json) {
        for (Link link : members.getOrDefault(room, Set.of())) {
            link.send(json);
        }
    }
}
