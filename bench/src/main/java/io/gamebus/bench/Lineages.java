package io.gamebus.bench;

import java.util.BitSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The counts acknowledged by {@code add} replies, per lineage (the instance a player was first
 * placed on, and whatever succeeded it). A counter that loses no acknowledged increment never
 * answers the same count twice within a lineage, and ends at the number of acknowledged adds.
 */
final class Lineages {

    private final Map<String, Line> lines = new ConcurrentHashMap<>();

    void acked(String origin, long count) {
        lines.computeIfAbsent(origin, k -> new Line()).acked(count);
    }

    Map<String, Line> lines() {
        return new TreeMap<>(lines);
    }

    static final class Line {
        private final BitSet seen = new BitSet();
        private long acked;
        private long duplicates;
        private long bad;
        private long max;

        synchronized void acked(long count) {
            acked++;
            if (count < 1 || count > Integer.MAX_VALUE) {
                bad++;
                return;
            }
            if (seen.get((int) count)) {
                duplicates++;
            } else {
                seen.set((int) count);
            }
            max = Math.max(max, count);
        }

        synchronized long acked() {
            return acked;
        }

        synchronized long duplicates() {
            return duplicates + bad;
        }

        synchronized long max() {
            return max;
        }
    }
}
