package io.gamebus.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the stateful workloads (swap, nodeloss), written from every event loop: per
 * window (latency, replies, errors by code; {@link #cut} closes one window and opens the next)
 * and for the whole run (every request sent must end as a reply or an error: what does not is lost).
 */
final class Tally {

    private final Recorder latency = new Recorder(3);
    private final LongAdder windowSent = new LongAdder();
    private final LongAdder windowReplies = new LongAdder();
    private final Map<String, LongAdder> windowErrors = new ConcurrentHashMap<>();

    final LongAdder sent = new LongAdder();
    final LongAdder replies = new LongAdder();
    /** Errors that answered a request (they carried its id). */
    final LongAdder answeredErrors = new LongAdder();
    final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    /** Answers whose id was not the one outstanding on that connection. */
    final LongAdder unexpected = new LongAdder();
    final LongAdder closes = new LongAdder();
    final Map<String, LongAdder> closing = new ConcurrentHashMap<>();
    final Map<String, LongAdder> moves = new ConcurrentHashMap<>();
    final Map<String, LongAdder> repliesByVersion = new ConcurrentHashMap<>();

    void sent() {
        sent.increment();
        windowSent.increment();
    }

    void reply(long nanos, String version) {
        latency.recordValue(Math.max(0, nanos / 1000));
        replies.increment();
        windowReplies.increment();
        repliesByVersion.computeIfAbsent(String.valueOf(version), k -> new LongAdder()).increment();
    }

    /** An error; answering: it carried the id of the request outstanding. */
    void error(String code, boolean answering) {
        errors.computeIfAbsent(code, k -> new LongAdder()).increment();
        windowErrors.computeIfAbsent(code, k -> new LongAdder()).increment();
        if (answering) {
            answeredErrors.increment();
        }
    }

    void moved(String reason) {
        moves.computeIfAbsent(String.valueOf(reason), k -> new LongAdder()).increment();
    }

    void closing(String reason) {
        closing.computeIfAbsent(String.valueOf(reason), k -> new LongAdder()).increment();
    }

    /** Ends the current window (started by the previous cut) and starts the next. */
    Window cut(long nanos) {
        Histogram histogram = latency.getIntervalHistogram();
        Map<String, Long> codes = new TreeMap<>();
        windowErrors.forEach((code, n) -> {
            long c = n.sumThenReset();
            if (c > 0) {
                codes.put(code, c);
            }
        });
        return new Window(nanos, windowSent.sumThenReset(), windowReplies.sumThenReset(), codes, histogram);
    }

    /** {@code a:1,b:2}, or {@code none}. */
    static String format(Map<String, ?> counts) {
        if (counts.isEmpty()) {
            return "none";
        }
        StringBuilder out = new StringBuilder();
        new TreeMap<>(counts).forEach((k, v) -> out.append(out.length() == 0 ? "" : ",").append(k).append(':')
            .append(v instanceof LongAdder adder ? adder.sum() : v));
        return out.toString();
    }

    record Window(long nanos, long sent, long replies, Map<String, Long> errors, Histogram latency) {

        long percentile(double p) {
            return latency.getTotalCount() == 0 ? -1 : latency.getValueAtPercentile(p);
        }

        /** Fields of a RESULT line, each name prefixed; latencies in microseconds. */
        String fields(String prefix) {
            return String.format("%1$s_s=%2$.2f %1$s_sent=%3$d %1$s_replies=%4$d %1$s_rps=%5$.0f %1$s_errors=%6$s"
                    + " %1$s_p50_us=%7$d %1$s_p99_us=%8$d %1$s_p999_us=%9$d %1$s_max_us=%10$d",
                prefix, nanos / 1e9, sent, replies, replies * 1e9 / nanos, format(errors),
                percentile(50), percentile(99), percentile(99.9),
                latency.getTotalCount() == 0 ? -1 : latency.getMaxValue());
        }
    }
}
