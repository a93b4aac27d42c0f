package io.gamebus.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.atomic.LongAdder;

/** Counters and latency of a run, written from every event loop, read by the main thread. */
final class Stats {

    /** Latency in microseconds; a Recorder lets writers on any thread run while the window is cut. */
    private final Recorder latency = new Recorder(3);
    private final LongAdder received = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder unexpectedCloses = new LongAdder();

    /** One answer (reply or push) that carried the nanoTime it was (meant to be) sent at. */
    void received(long sentAtNanos) {
        latency.recordValue(Math.max(0, (System.nanoTime() - sentAtNanos) / 1000));
        received.increment();
    }

    void sent() {
        sent.increment();
    }

    void error() {
        errors.increment();
    }

    void unexpectedClose() {
        unexpectedCloses.increment();
    }

    /** Starts the measured window: everything before it was warm-up. */
    void reset() {
        latency.reset();
        received.reset();
        sent.reset();
        errors.reset();
    }

    Window cut(long nanos) {
        Histogram histogram = latency.getIntervalHistogram();
        return new Window(nanos, received.sum(), sent.sum(), errors.sum(), unexpectedCloses.sum(), histogram);
    }

    /** What happened during the measured window. */
    record Window(long nanos, long received, long sent, long errors, long closes, Histogram latency) {

        double perSecond(long count) {
            return count * 1e9 / nanos;
        }

        long percentile(double p) {
            return latency.getTotalCount() == 0 ? -1 : latency.getValueAtPercentile(p);
        }

        /** Common fields of the RESULT line; latencies in microseconds, -1 when nothing arrived. */
        String fields() {
            return String.format("seconds=%.2f msgs=%d msgs_per_s=%.0f sent=%d errors=%d closes=%d"
                    + " p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d",
                nanos / 1e9, received, perSecond(received), sent, errors, closes,
                percentile(50), percentile(90), percentile(99), percentile(99.9),
                latency.getTotalCount() == 0 ? -1 : latency.getMaxValue());
        }
    }
}
