package io.gamebus.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;

import java.util.function.Consumer;

/**
 * One connection, WebSocket or TCP, seen as a stream of JSON objects (CONTRACT section 2).
 * Used by both the raw server and the load generator; handlers run on {@link #context()}.
 */
abstract class Link {

    /** Guard against a corrupt length prefix; the protocol's own limit is far lower. */
    static final int MAX_FRAME_BYTES = 1 << 20;

    private final Context context = Vertx.currentContext();
    private Consumer<JsonObject> messageHandler = m -> { };
    private Runnable badJsonHandler = () -> { };
    private Runnable closeHandler = () -> { };

    static Link of(WebSocketBase ws) {
        return new WsLink(ws);
    }

    static Link of(NetSocket socket) {
        return new TcpLink(socket);
    }

    /** Sends one JSON message, already encoded. */
    abstract void send(String json);

    abstract void close();

    final Context context() {
        return context;
    }

    final Link messageHandler(Consumer<JsonObject> handler) {
        messageHandler = handler;
        return this;
    }

    final Link badJsonHandler(Runnable handler) {
        badJsonHandler = handler;
        return this;
    }

    final Link closeHandler(Runnable handler) {
        closeHandler = handler;
        return this;
    }

    protected final void receive(String text) {
        JsonObject message;
        try {
            message = new JsonObject(text);
        } catch (RuntimeException notAnObject) {
            badJsonHandler.run();
            return;
        }
        messageHandler.accept(message);
    }

    protected final void receive(Buffer bytes) {
        JsonObject message;
        try {
            message = new JsonObject(bytes);
        } catch (RuntimeException notAnObject) {
            badJsonHandler.run();
            return;
        }
        messageHandler.accept(message);
    }

    protected final void badJson() {
        badJsonHandler.run();
    }

    protected final void closed() {
        closeHandler.run();
    }
}
