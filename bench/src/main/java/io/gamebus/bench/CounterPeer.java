package io.gamebus.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * One player of the counter game (the tests' {@code io.gamebus.testing.games.Counter}): keeps one {@code add} request in
 * flight (closed loop), after an optional think time, and follows what the server tells it
 * ({@code moved}, {@code closing}, errors). Everything but the volatile fields is touched only
 * on the connection's event loop.
 */
final class CounterPeer {

    private final Vertx vertx;
    private final Link link;
    private final Tally tally;
    private final Lineages lineages;
    private final long thinkMs;
    /** The instance and node of the welcome: the lineage this player's counts belong to. */
    final String origin;
    final String originNode;

    private volatile boolean running;
    private long nextId = 1; // 1 was the hello
    /** Id of the request in flight, 0 if none; volatile for {@link #waiting()}. */
    private volatile long outstanding;
    private long sentAt;
    private long queryId;
    private Promise<JsonObject> query;

    volatile String instance;
    volatile String node;
    volatile int moves;
    volatile long firstMovedAt;
    volatile String firstMoveReason;
    volatile String firstMoveVersion;
    volatile String firstMoveNode;

    CounterPeer(Vertx vertx, Peer peer, Tally tally, Lineages lineages, long thinkMs) {
        this.vertx = vertx;
        this.link = peer.link();
        this.tally = tally;
        this.lineages = lineages;
        this.thinkMs = thinkMs;
        this.origin = peer.instance();
        this.originNode = peer.node();
        this.instance = peer.instance();
        this.node = peer.node();
        link.messageHandler(this::onMessage);
        link.closeHandler(tally.closes::increment);
    }

    void start() {
        running = true;
        link.context().runOnContext(v -> send());
    }

    void stop() {
        running = false;
    }

    /** Whether a request is still unanswered; read from the main thread after stop. */
    boolean waiting() {
        return outstanding != 0;
    }

    /** Sends a {@code get} and completes with its reply body (call once the closed loop is stopped and answered). */
    Future<JsonObject> get() {
        Promise<JsonObject> answer = Promise.promise();
        link.context().runOnContext(v -> {
            query = answer;
            queryId = ++nextId;
            link.send("{\"type\":\"msg\",\"route\":\"get\",\"id\":" + queryId + ",\"body\":{}}");
        });
        return answer.future();
    }

    void bye() {
        link.context().runOnContext(v -> {
            link.send("{\"type\":\"bye\"}");
            link.close();
        });
    }

    private void send() {
        if (!running) {
            return;
        }
        long id = ++nextId;
        outstanding = id;
        sentAt = System.nanoTime();
        tally.sent();
        link.send("{\"type\":\"msg\",\"route\":\"add\",\"id\":" + id + ",\"body\":{\"t\":" + sentAt + "}}");
    }

    private void next() {
        if (!running) {
            return;
        }
        if (thinkMs > 0) {
            vertx.setTimer(thinkMs, t -> send());
        } else {
            send();
        }
    }

    private void onMessage(JsonObject message) {
        Object type = message.getValue("type");
        Long id = message.getValue("id") instanceof Number n ? n.longValue() : null;
        if ("reply".equals(type)) {
            if (id != null && query != null && id == queryId) {
                query.tryComplete(message.getJsonObject("body"));
                query = null;
                return;
            }
            if (id == null || id != outstanding) {
                tally.unexpected.increment();
                return;
            }
            outstanding = 0;
            JsonObject body = message.getJsonObject("body", new JsonObject());
            tally.reply(System.nanoTime() - sentAt, body.getString("version"));
            if (lineages != null) {
                lineages.acked(origin, body.getLong("count", -1L));
            }
            next();
        } else if ("error".equals(type)) {
            String code = String.valueOf(message.getValue("code"));
            if (id != null && query != null && id == queryId) {
                query.tryFail("get answered " + message.encode());
                query = null;
                return;
            }
            boolean answering = id != null && id == outstanding;
            tally.error(code, answering);
            if (answering) {
                outstanding = 0;
                next();
            } else if (id != null) {
                tally.unexpected.increment();
            }
        } else if ("moved".equals(type)) {
            if (moves == 0) {
                firstMovedAt = System.nanoTime();
                firstMoveReason = message.getString("reason");
                firstMoveVersion = message.getString("version");
                firstMoveNode = message.getString("node");
            }
            instance = message.getString("instance");
            node = message.getString("node");
            moves++;
            tally.moved(message.getString("reason"));
        } else if ("closing".equals(type)) {
            tally.closing(message.getString("reason"));
        }
    }
}
