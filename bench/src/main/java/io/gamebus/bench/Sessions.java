package io.gamebus.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Many mostly idle sessions, as a busy game's lobby looks: every session sends a {@code ping}
 * every {@code pingSeconds} (their phases spread evenly), and one in {@code 1 / requestFraction}
 * also sends an echo request every second. The RESULT's latency is the ping round trip; the
 * requests' is reported as {@code req_*}.
 */
final class Sessions implements Workload {

    private static final long TICK_MS = 100;

    private final Vertx vertx;
    private final Stats pings;
    private final Stats requests = new Stats();
    private final double pingSeconds;
    private final double requestFraction;
    private final List<Ticker> tickers = new ArrayList<>();
    private int requesters;

    Sessions(Vertx vertx, Stats pings, double pingSeconds, double requestFraction) {
        this.vertx = vertx;
        this.pings = pings;
        this.pingSeconds = pingSeconds;
        this.requestFraction = requestFraction;
    }

    @Override
    public void start(List<Peer> peers) {
        Map<Context, List<Idler>> byContext = new LinkedHashMap<>();
        int every = requestFraction > 0 ? (int) Math.round(1 / requestFraction) : 0;
        for (int i = 0; i < peers.size(); i++) {
            boolean requester = every > 0 && i % every == 0;
            requesters += requester ? 1 : 0;
            Link link = peers.get(i).link();
            byContext.computeIfAbsent(link.context(), c -> new ArrayList<>()).add(new Idler(link, requester));
        }
        byContext.forEach((context, idlers) -> {
            Ticker ticker = new Ticker(idlers);
            tickers.add(ticker);
            context.runOnContext(v -> ticker.start());
        });
    }

    @Override
    public void windowStarted() {
        requests.reset();
    }

    @Override
    public void stop() {
        tickers.forEach(Ticker::stop);
    }

    @Override
    public String fields(Stats.Window window) {
        Stats.Window req = requests.cut(window.nanos());
        return String.format("workload=sessions ping_seconds=%.1f requesters=%d pings=%d req_replies=%d"
                + " req_per_s=%.0f req_errors=%d req_p50_us=%d req_p99_us=%d req_max_us=%d",
            pingSeconds, requesters, window.received(), req.received(), req.perSecond(req.received()), req.errors(),
            req.percentile(50), req.percentile(99), req.latency().getTotalCount() == 0 ? -1 : req.latency().getMaxValue());
    }

    /** One session: one ping and at most one request outstanding at a time. */
    private final class Idler {
        private final Link link;
        private final boolean requester;
        private long pingSentAt;
        private long nextId;

        Idler(Link link, boolean requester) {
            this.link = link;
            this.requester = requester;
            link.messageHandler(this::onMessage);
        }

        void ping() {
            if (pingSentAt != 0) {
                return; // the last one is still unanswered: the server is behind, it shows in the max
            }
            pingSentAt = System.nanoTime();
            pings.sent();
            link.send("{\"type\":\"ping\",\"id\":" + ++nextId + "}");
        }

        void request() {
            requests.sent();
            link.send("{\"type\":\"msg\",\"route\":\"echo\",\"id\":" + ++nextId + ",\"body\":{\"t\":"
                + System.nanoTime() + "}}");
        }

        private void onMessage(JsonObject message) {
            switch (String.valueOf(message.getValue("type"))) {
                case "pong" -> {
                    pings.received(pingSentAt);
                    pingSentAt = 0;
                }
                case "reply" -> {
                    Long sentAt = message.getJsonObject("body", new JsonObject()).getLong("t");
                    if (sentAt == null) {
                        requests.error();
                    } else {
                        requests.received(sentAt);
                    }
                }
                case "error" -> requests.error();
                default -> { }
            }
        }
    }

    /** Sends, every tick, the pings and requests due on one event loop's sessions. */
    private final class Ticker {
        private final List<Idler> idlers;
        private final List<Idler> requesting = new ArrayList<>();
        private final double pingsPerTick;
        private final double requestsPerTick;
        private double pingsDue;
        private double requestsDue;
        private int pingCursor;
        private int requestCursor;
        private volatile long timer = -1;

        Ticker(List<Idler> idlers) {
            this.idlers = idlers;
            idlers.stream().filter(i -> i.requester).forEach(requesting::add);
            this.pingsPerTick = idlers.size() * TICK_MS / (pingSeconds * 1000);
            this.requestsPerTick = requesting.size() * TICK_MS / 1000.0;
        }

        void start() {
            timer = vertx.setPeriodic(TICK_MS, id -> tick());
        }

        void stop() {
            vertx.cancelTimer(timer);
        }

        private void tick() {
            pingsDue += pingsPerTick;
            for (; pingsDue >= 1; pingsDue--) {
                idlers.get(pingCursor).ping();
                pingCursor = (pingCursor + 1) % idlers.size();
            }
            requestsDue += requestsPerTick;
            for (; requestsDue >= 1 && !requesting.isEmpty(); requestsDue--) {
                requesting.get(requestCursor).request();
                requestCursor = (requestCursor + 1) % requesting.size();
            }
        }
    }
}
