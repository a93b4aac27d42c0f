package io.gamebus.gateway;

import io.vertx.core.http.ServerWebSocket;

/** A client on {@code /ws}: one JSON object per text frame. */
final class WebSocketTransport implements Transport {
  private final ServerWebSocket socket;

  WebSocketTransport(ServerWebSocket socket) {
    this.socket = socket;
  }

  @Override
  public void write(String json) {
    socket.writeTextMessage(json);
  }

  @Override
  public boolean writeQueueFull() {
    // Vert.x throws here once the socket is closed, which happens before our close handler runs:
    // a throw would abort a broadcast half-way through its sessions.
    return !socket.isClosed() && socket.writeQueueFull();
  }

  @Override
  public void close() {
    socket.close();
  }

  @Override
  public String describe() {
    return "websocket " + socket.remoteAddress();
  }
}
