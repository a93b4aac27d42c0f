package io.gamebus.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;

/** A client on {@code /ws}: one JSON object per text frame. */
final class WebSocketTransport implements Transport {
  private final ServerWebSocket socket;
  private final Vertx vertx;
  private final long closeTimeoutMs;

  WebSocketTransport(ServerWebSocket socket, Vertx vertx, long closeTimeoutMs) {
    this.socket = socket;
    this.vertx = vertx;
    this.closeTimeoutMs = closeTimeoutMs;
  }

  @Override
  public void write(String json) {
    if (!socket.isClosed()) {
      socket.writeTextMessage(json);
    }
  }

  @Override
  public boolean writeQueueFull() {
    // Vert.x throws here once the socket is closed, which happens before our close handler runs:
    // a throw would abort a broadcast half-way through its sessions.
    return !socket.isClosed() && socket.writeQueueFull();
  }

  @Override
  public void close() {
    CloseTimeout.enforce(vertx, closeTimeoutMs, socket.close(), ((WebSocketInternal) socket).channelHandlerContext());
  }

  @Override
  public String describe() {
    return "websocket " + socket.remoteAddress();
  }
}
