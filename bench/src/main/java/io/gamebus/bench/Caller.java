package io.gamebus.bench;

import io.vertx.core.json.JsonObject;

/**
 * One request/reply connection. The send time travels in the request body ("t") and comes back
 * in the echoed reply, so no per-request bookkeeping is needed to measure the round trip.
 */
final class Caller {

    private final Link link;
    private final Stats stats;
    private final String pad;
    private final boolean closedLoop;
    private volatile boolean running = true;
    private int inflight;
    private long nextId;

    Caller(Link link, Stats stats, String pad, boolean closedLoop) {
        this.link = link;
        this.stats = stats;
        this.pad = pad;
        this.closedLoop = closedLoop;
        link.messageHandler(this::onMessage);
    }

    int inflight() {
        return inflight;
    }

    void stop() {
        running = false;
    }

    /** sentAt: now, or for paced sending the time the request was due, so queueing counts as latency. */
    void send(long sentAt) {
        long id = ++nextId;
        inflight++;
        stats.sent();
        // Built by hand: the generator's CPU is the scarce resource, and this is all there is to encode.
        link.send("{\"type\":\"msg\",\"route\":\"echo\",\"id\":" + id + ",\"body\":{\"n\":" + id
            + ",\"t\":" + sentAt + ",\"pad\":\"" + pad + "\"}}");
    }

    private void onMessage(JsonObject message) {
        switch (String.valueOf(message.getValue("type"))) {
            case "reply" -> {
                JsonObject body = message.getJsonObject("body");
                Long sentAt = body == null ? null : body.getLong("t");
                if (sentAt == null) {
                    stats.error();
                } else {
                    stats.received(sentAt);
                }
                answered();
            }
            case "error" -> {
                stats.error();
                if (message.containsKey("id")) {
                    answered();
                }
            }
            default -> { }
        }
    }

    private void answered() {
        inflight--;
        if (closedLoop && running) {
            send(System.nanoTime());
        }
    }
}
