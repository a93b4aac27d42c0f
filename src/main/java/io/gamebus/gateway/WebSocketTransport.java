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
    if (!socket.isClosed()) {
      socket.writeTextMessage(json);
    }
  }

  @Override
  public boolean writeQueueFull() {
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
