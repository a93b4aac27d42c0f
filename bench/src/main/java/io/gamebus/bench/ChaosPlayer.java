package io.gamebus.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Random;

/**
 * One player of the chaos soak ({@link Chaos}): a closed loop of counter {@code add} requests
 * through one gateway; when the server closes the connection it resumes on the next gateway
 * that accepts a connection. Every 10 to 30 s it says {@code bye} and starts a new session on a
 * gateway drawn at random, so that players keep spreading over the nodes that come back. Checks
 * what it is told against the contract and counts every deviation in the {@link ChaosTally}.
 * Touched only on its own context.
 */
final class ChaosPlayer {

    /** Gateways: node id, TCP port, HTTP port. */
    record Gateway(String node, int tcpPort, int httpPort) {
    }

    private static final long RETRY_MS = 250;
    /** Far more adds than a snapshot period (200 ms) of the soak's players makes. */
    private static final long BIG_STEP_BACK = 2_000;
    private static final long MIN_SESSION_MS = 10_000;
    private static final long MORE_SESSION_MS = 20_000;

    private final Vertx vertx;
    private final Context context;
    private final boolean webSocket;
    private final List<Gateway> gateways;
    private final NetClient tcp;
    private final WebSocketClient ws;
    private final ChaosTally tally;
    private final long thinkMs;
    private final long answerNanos;
    private final ArrayDeque<Long> answered = new ArrayDeque<>();
    /** What this player was last told, for the report of a counter that went back. */
    private final ArrayDeque<String> history = new ArrayDeque<>();
    private final int index;
    private final Random random;
    private long sessionEnds;
    private int gateway;
    private Link link;
    private String resume;
    private String instance;
    private boolean running;
    private boolean closing;
    /** The server said {@code closing}: nothing more is sent on this connection. */
    private boolean told;
    private long nextId = 1;
    private long outstanding;
    private long sentAt;
    private boolean lateCounted;
    private long lastCount = -1;
    /** Why the counter may have gone back since the last reply: the reason of a move, or null. */
    private String movedSince;
    /** The instance the last move took this player away from: its late answers say nothing of the new one's counter. */
    private String movedFrom;

    ChaosPlayer(int index, Vertx vertx, Context context, boolean webSocket, List<Gateway> gateways, int firstGateway,
                NetClient tcp, WebSocketClient ws, ChaosTally tally, long thinkMs, long answerMs, Random random) {
        this.index = index;
        this.vertx = vertx;
        this.context = context;
        this.webSocket = webSocket;
        this.gateways = gateways;
        this.gateway = firstGateway;
        this.tcp = tcp;
        this.ws = ws;
        this.tally = tally;
        this.thinkMs = thinkMs;
        this.answerNanos = answerMs * 1_000_000;
        this.random = random;
    }

    void start() {
        context.runOnContext(v -> {
            running = true;
            connect(0);
        });
    }

    /** Stops sending; the request in flight may still be answered. */
    void stop() {
        context.runOnContext(v -> running = false);
    }

    /** A request older than the bound is counted once as late (checked every second). */
    void check(long now) {
        context.runOnContext(v -> {
            if (outstanding != 0 && !lateCounted && now - sentAt > answerNanos) {
                lateCounted = true;
                tally.late.increment();
            }
        });
    }

    /** Counts the request still unanswered at the end, and closes. */
    Future<Void> finish() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            if (outstanding != 0) {
                tally.unanswered.increment();
            }
            closing = true;
            if (link != null) {
                link.send("{\"type\":\"bye\"}");
                link.close();
            }
            done.complete();
        });
        return done.future();
    }

    private void connect(int attempt) {
        Gateway target = gateways.get(gateway);
        Future<Link> dialed = webSocket ? ws.connect(target.httpPort(), "127.0.0.1", "/ws").map(Link::of)
            : tcp.connect(target.tcpPort(), "127.0.0.1").map(Link::of);
        dialed.onSuccess(this::hello).onFailure(e -> {
            gateway = (gateway + 1) % gateways.size();
            if (attempt > 400) {
                tally.sessionsLost.increment();
                return;
            }
            vertx.setTimer(RETRY_MS, t -> connect(attempt + 1));
        });
    }

    private void hello(Link connected) {
        link = connected;
        told = false;
        String node = gateways.get(gateway).node();
        // Only the current connection speaks for the player: the `closing` of one it left with
        // `bye` arrives after it moved on, and must not stop it.
        link.messageHandler(m -> {
            if (link == connected) {
                onMessage(m);
            }
        });
        link.closeHandler(() -> {
            if (link == connected) {
                closed(node);
            }
        });
        JsonObject hello = new JsonObject().put("type", "hello").put("game", "counter").put("id", 1);
        if (resume != null) {
            hello.put("resume", resume);
        }
        remember("hello to " + node + (resume != null ? " (resume)" : ""));
        link.send(hello.encode());
    }

    /** Ends the session (bye) and opens a new one on a gateway drawn at random. */
    private void anew() {
        Link old = link;
        link = null;
        old.send("{\"type\":\"bye\"}");
        old.close();
        resume = null;
        instance = null;
        lastCount = -1;
        movedSince = null;
        gateway = random.nextInt(gateways.size());
        tally.sessions.increment();
        connect(0);
    }

    private void closed(String node) {
        if (closing) {
            return;
        }
        remember("closed by " + node);
        tally.closed(node, "player " + index + ": connection closed by " + node + "; last seen: " + recent());
        if (outstanding != 0) {
            // Lost with the connection (CONTRACT: unanswered requests go with it).
            tally.lostWithConnection.increment();
            outstanding = 0;
        }
        link = null;
        gateway = (gateway + 1) % gateways.size();
        vertx.setTimer(RETRY_MS, t -> connect(0));
    }

    private void onMessage(JsonObject message) {
        String type = String.valueOf(message.getValue("type"));
        remember(message.encode());
        Long id = message.getValue("id") instanceof Number n ? n.longValue() : null;
        switch (type) {
            case "welcome" -> welcome(message);
            case "reply" -> answer(id, message);
            case "error" -> {
                if (id != null && id == 1) {
                    helloRefused(message.getString("code"), message.getString("message"));
                } else {
                    tally.error(message.getString("code"));
                    if (id != null) {
                        answer(id, message);
                    }
                }
            }
            case "moved" -> {
                movedSince = since(message.getString("reason"));
                movedFrom = instance;
                instance = message.getString("instance");
                tally.moved(message.getString("reason"));
            }
            case "closing" -> {
                told = true;
                tally.closing(message.getString("reason"));
            }
            default -> { }
        }
    }

    private void welcome(JsonObject welcome) {
        if (welcome.getBoolean("resumed", false)) {
            // Moves while it was away were told to the gateway it had lost: it may have missed them.
            tally.resumed.increment();
            movedSince = since("resume");
        }
        if (!welcome.getBoolean("resumed", false)) {
            sessionEnds = System.nanoTime() + (MIN_SESSION_MS + random.nextLong(MORE_SESSION_MS)) * 1_000_000;
        }
        resume = welcome.getString("resume");
        instance = welcome.getString("instance");
        if (outstanding == 0) {
            next();
        }
    }

    private void helloRefused(String code, String message) {
        if ("bad_resume".equals(code)) {
            tally.sessionsLost.increment();
            tally.report("player " + index + ": session lost (bad_resume: " + message + "); last seen: " + recent());
            resume = null;
            lastCount = -1;
        } else {
            tally.refused(code, message);
        }
        vertx.setTimer(RETRY_MS, t -> {
            if (link != null) {
                hello(link);
            }
        });
    }

    private void answer(Long id, JsonObject message) {
        if (id == null || id != outstanding) {
            if (id != null && answered.contains(id)) {
                tally.duplicates.increment();
            } else {
                tally.unexpected.increment();
            }
            return;
        }
        outstanding = 0;
        answered.addLast(id);
        if (answered.size() > 64) {
            answered.removeFirst();
        }
        tally.answered(System.nanoTime() - sentAt, answerNanos);
        JsonObject body = message.getJsonObject("body", new JsonObject());
        // A request the old instance took before the move may be answered after the `moved`
        // (operations.md: `moved` precedes what the *new* game sends): not a step of the new counter.
        boolean lateFromOld = movedSince != null && movedFrom != null && movedFrom.equals(body.getString("instance"));
        if ("reply".equals(message.getValue("type")) && !lateFromOld) {
            counted(body.getLong("count", -1L));
        }
        if (thinkMs > 0) {
            vertx.setTimer(thinkMs, t -> next());
        } else {
            next();
        }
    }

    /** Each add raises the instance's counter: a lower or equal count means it went back. */
    private void counted(long count) {
        if (lastCount >= 0 && count <= lastCount) {
            tally.wentBack(movedSince, lastCount + 1 - count);
            if (movedSince == null) {
                tally.report("player " + index + ": counter went back from " + lastCount + " to " + count
                    + " without a move; last seen: " + recent());
            } else if (lastCount + 1 - count > BIG_STEP_BACK && !movedSince.contains("hotswap")) {
                // Allowed (a move), but more than a snapshot period of adds: shown, to see which move
                // (not a drain deadline's, which moves players to a counter that started afresh).
                tally.note("player " + index + ": counter back by " + (lastCount + 1 - count) + " after " + movedSince
                    + "; last seen: " + recent());
            }
        }
        lastCount = count;
        movedSince = null;
    }

    /** Every reason since the last reply (a drain deadline's move then a node loss: "hotswap+node_lost"). */
    private String since(String reason) {
        return movedSince == null ? reason : movedSince + "+" + reason;
    }

    private String recent() {
        return (webSocket ? "(ws) " : "(tcp) ") + String.join(" | ", history);
    }

    private void remember(String event) {
        history.addLast(java.time.LocalTime.now() + " " + event);
        if (history.size() > 12) {
            history.removeFirst();
        }
    }

    private void next() {
        if (!running || link == null || told || outstanding != 0) {
            return;
        }
        if (System.nanoTime() - sessionEnds > 0) {
            anew();
            return;
        }
        outstanding = ++nextId;
        sentAt = System.nanoTime();
        lateCounted = false;
        tally.sent.increment();
        link.send("{\"type\":\"msg\",\"route\":\"add\",\"id\":" + outstanding + ",\"body\":{}}");
    }
}
