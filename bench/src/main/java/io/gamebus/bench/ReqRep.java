package io.gamebus.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Request/reply: every connection keeps {@code inflight} echo requests outstanding (closed loop),
 * or, with a target rate, requests are sent at that total rate (open loop, capped at
 * {@code inflight} per connection) and latency counts from when each was due.
 */
final class ReqRep implements Workload {

    private final Vertx vertx;
    private final Stats stats;
    private final int inflight;
    private final String pad;
    private final double targetRate;
    private final List<Caller> callers = new ArrayList<>();
    private final List<Pacer> pacers = new ArrayList<>();

    ReqRep(Vertx vertx, Stats stats, int inflight, int padBytes, double targetRate) {
        this.vertx = vertx;
        this.stats = stats;
        this.inflight = inflight;
        this.pad = "x".repeat(padBytes);
        this.targetRate = targetRate;
    }

    @Override
    public void start(List<Peer> peers) {
        Map<Context, List<Caller>> byContext = new LinkedHashMap<>();
        for (Peer peer : peers) {
            Caller caller = new Caller(peer.link(), stats, pad, targetRate <= 0);
            callers.add(caller);
            byContext.computeIfAbsent(peer.link().context(), c -> new ArrayList<>()).add(caller);
        }
        byContext.forEach((context, group) -> {
            if (targetRate <= 0) {
                context.runOnContext(v -> group.forEach(c -> {
                    for (int i = 0; i < inflight; i++) {
                        c.send(System.nanoTime());
                    }
                }));
            } else {
                // Each event loop paces its own connections at its share of the rate.
                Pacer pacer = new Pacer(group, targetRate * group.size() / peers.size());
                pacers.add(pacer);
                context.runOnContext(v -> pacer.start());
            }
        });
    }

    @Override
    public void stop() {
        callers.forEach(Caller::stop);
        pacers.forEach(Pacer::stop);
    }

    @Override
    public String fields(Stats.Window window) {
        long behind = pacers.stream().mapToLong(Pacer::behind).sum();
        return String.format("workload=reqrep inflight=%d pad=%d target_rate=%.0f behind=%d replies=%d replies_per_s=%.0f",
            inflight, pad.length(), targetRate, behind, window.received(), window.perSecond(window.received()));
    }

    /**
     * Sends what is due every millisecond, round-robin over connections with a free slot.
     * Latency counts from the tick that sends a request, so the timer's granularity is not
     * reported as server latency; a request that was already due at an earlier tick (all slots
     * were taken: a backlog) counts from when it was due, so stalls are not hidden.
     */
    private final class Pacer {
        private final List<Caller> group;
        private final double ratePerNano;
        private long start;
        private long previousTick;
        private long sentCount;
        private volatile long timer = -1;
        private int cursor;
        private volatile long behind;

        Pacer(List<Caller> group, double ratePerSecond) {
            this.group = group;
            this.ratePerNano = ratePerSecond / 1e9;
        }

        void start() {
            start = System.nanoTime();
            previousTick = start;
            timer = vertx.setPeriodic(1, id -> tick());
        }

        void stop() {
            vertx.cancelTimer(timer);
        }

        long behind() {
            return behind;
        }

        private void tick() {
            long now = System.nanoTime();
            long due = (long) ((now - start) * ratePerNano);
            while (sentCount < due) {
                Caller caller = nextFree();
                if (caller == null) {
                    break; // every connection is at its cap: the backlog waits, its latency grows
                }
                long dueAt = start + (long) (sentCount / ratePerNano);
                caller.send(dueAt <= previousTick ? dueAt : now);
                sentCount++;
            }
            previousTick = now;
            behind = due - sentCount;
        }

        private Caller nextFree() {
            for (int tried = 0; tried < group.size(); tried++) {
                Caller caller = group.get(cursor);
                cursor = (cursor + 1) % group.size();
                if (caller.inflight() < inflight) {
                    return caller;
                }
            }
            return null;
        }
    }
}
