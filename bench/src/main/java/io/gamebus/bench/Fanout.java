package io.gamebus.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Fan-out: connections are grouped by the instance their welcome named; in each group one
 * sender broadcasts {@code rate} times a second and every member (sender included) gets a push.
 * The push carries the sender's nanoTime, comparable because sender and receivers share this process.
 */
final class Fanout implements Workload {

    private final Vertx vertx;
    private final Stats stats;
    private final double rate;
    private final List<Long> timers = new ArrayList<>();
    private final Map<String, List<Peer>> groups = new LinkedHashMap<>();

    Fanout(Vertx vertx, Stats stats, double rate) {
        this.vertx = vertx;
        this.stats = stats;
        this.rate = rate;
    }

    @Override
    public void start(List<Peer> peers) {
        for (Peer peer : peers) {
            groups.computeIfAbsent(peer.instance(), k -> new ArrayList<>()).add(peer);
            peer.link().messageHandler(this::onMessage);
        }
        long periodMs = Math.max(1, Math.round(1000 / rate));
        for (List<Peer> group : groups.values()) {
            Link sender = group.get(0).link();
            // Random phase, so the groups do not all broadcast in the same millisecond.
            long phase = 1 + ThreadLocalRandom.current().nextLong(periodMs);
            sender.context().runOnContext(v -> {
                long timer = vertx.setPeriodic(phase, periodMs, id -> broadcast(sender));
                synchronized (timers) {
                    timers.add(timer);
                }
            });
        }
    }

    private void broadcast(Link sender) {
        stats.sent();
        sender.send("{\"type\":\"msg\",\"route\":\"broadcast\",\"body\":{\"t\":" + System.nanoTime() + "}}");
    }

    private void onMessage(JsonObject message) {
        String type = String.valueOf(message.getValue("type"));
        if ("push".equals(type) && "broadcast".equals(message.getValue("route"))) {
            Long sentAt = message.getJsonObject("body", new JsonObject()).getLong("t");
            if (sentAt != null) {
                stats.received(sentAt);
                return;
            }
        }
        if ("push".equals(type) || "error".equals(type)) {
            stats.error();
        }
    }

    @Override
    public void stop() {
        synchronized (timers) {
            timers.forEach(vertx::cancelTimer);
        }
    }

    @Override
    public String fields(Stats.Window window) {
        int min = groups.values().stream().mapToInt(List::size).min().orElse(0);
        int max = groups.values().stream().mapToInt(List::size).max().orElse(0);
        long members = groups.values().stream().mapToLong(List::size).sum();
        // Every broadcast should reach every member of its group.
        double expected = rate * members;
        return String.format("workload=fanout rate=%.1f groups=%d group_min=%d group_max=%d"
                + " deliveries=%d deliveries_per_s=%.0f expected_per_s=%.0f",
            rate, groups.size(), min, max, window.received(), window.perSecond(window.received()), expected);
    }
}
