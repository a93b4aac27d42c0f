package io.gamebus.bench;

import io.vertx.core.http.WebSocketBase;

/** One JSON object per text (or binary) message. */
final class WsLink extends Link {
    private final WebSocketBase ws;

    WsLink(WebSocketBase ws) {
        this.ws = ws;
        ws.textMessageHandler(this::receive);
        ws.binaryMessageHandler(this::receive);
        // Resets at the end of a run are expected; without a handler each one logs SEVERE.
        ws.exceptionHandler(e -> { });
        ws.closeHandler(v -> closed());
    }

    @Override
    void send(String json) {
        ws.writeTextMessage(json);
    }

    @Override
    void close() {
        ws.close();
    }
}
