package io.gamebus.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What the chaos soak's players saw, summed over all of them; thread-safe. */
final class ChaosTally {

    /** A connection the server closed: when, the node of its gateway, and what its player saw before. */
    record Close(long epochMs, String node, String details) {
    }

    final LongAdder sent = new LongAdder();
    final LongAdder onTime = new LongAdder();
    final LongAdder lateAnswers = new LongAdder();
    final LongAdder late = new LongAdder();
    final LongAdder unanswered = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder unexpected = new LongAdder();
    final LongAdder lostWithConnection = new LongAdder();
    final LongAdder resumed = new LongAdder();
    /** Sessions a player ended itself to start a new one elsewhere. */
    final LongAdder sessions = new LongAdder();
    /** The longest any of the players' event loops stood still (the load generator starved), ms. */
    final java.util.concurrent.atomic.AtomicLong maxStallMs = new java.util.concurrent.atomic.AtomicLong();
    final LongAdder sessionsLost = new LongAdder();
    final LongAdder wentBackWithoutMove = new LongAdder();
    final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    final Map<String, LongAdder> moves = new ConcurrentHashMap<>();
    final Map<String, LongAdder> closing = new ConcurrentHashMap<>();
    /** Per move reason: the largest step back of a counter after it. */
    final Map<String, Long> maxBack = new ConcurrentHashMap<>();
    private final List<Close> closes = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger refusalsShown = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger reportsShown = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger notesShown = new java.util.concurrent.atomic.AtomicInteger();

    /** Answer times in microseconds. */
    private final Recorder latency = new Recorder(3);

    void answered(long nanos, long boundNanos) {
        (nanos <= boundNanos ? onTime : lateAnswers).increment();
        latency.recordValue(Math.max(0, nanos / 1000));
    }

    /** p50, p99 and the longest answer time of the whole run, in milliseconds. */
    String latencyMs() {
        Histogram all = latency.getIntervalHistogram();
        return String.format("p50_ms=%.1f p99_ms=%.1f max_ms=%.1f", all.getValueAtPercentile(50) / 1000.0,
            all.getValueAtPercentile(99) / 1000.0, all.getMaxValue() / 1000.0);
    }

    void error(String code) {
        errors.computeIfAbsent(code, k -> new LongAdder()).increment();
    }

    /** A refused hello; the first few are printed with their message. */
    void refused(String code, String message) {
        error("hello:" + code);
        if (refusalsShown.incrementAndGet() <= 5) {
            System.out.println("hello refused: " + code + ": " + message);
        }
    }

    void moved(String reason) {
        moves.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    void closing(String reason) {
        closing.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    void wentBack(String reason, long by) {
        if (reason == null) {
            wentBackWithoutMove.increment();
        } else {
            maxBack.merge(reason, by, Math::max);
        }
    }

    /** A violation worth its details (what the player saw before it); the first few are printed. */
    void report(String details) {
        if (reportsShown.incrementAndGet() <= 20) {
            System.out.println("VIOLATION " + details);
        }
    }

    /** Not a violation, worth a look; the first few are printed. */
    void note(String details) {
        if (notesShown.incrementAndGet() <= 20) {
            System.out.println("NOTE " + details);
        }
    }

    synchronized void closed(String node, String details) {
        closes.add(new Close(System.currentTimeMillis(), node, details));
    }

    synchronized List<Close> closes() {
        return List.copyOf(closes);
    }

    static String format(Map<String, ?> map) {
        if (map.isEmpty()) {
            return "none";
        }
        StringBuilder out = new StringBuilder();
        new TreeMap<>(map).forEach((k, v) -> out.append(out.length() == 0 ? "" : ",").append(k).append(':').append(v));
        return out.toString();
    }
}
