package io.gamebus.gateway;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;

/** A client on {@code /ws}: one JSON object per text frame. */
final class WebSocketTransport implements Transport {
  private final ServerWebSocket socket;
  private final SocketWriter writer;
  private final Vertx vertx;
  private final long closeTimeoutMs;

  WebSocketTransport(ServerWebSocket socket, SocketWriter writer, Vertx vertx, long closeTimeoutMs) {
    this.socket = socket;
    this.writer = writer;
    this.vertx = vertx;
    this.closeTimeoutMs = closeTimeoutMs;
  }

  @Override
  public void write(String json) {
    if (!socket.isClosed()) {
      writer.write(channel(), new TextWebSocketFrame(Unpooled.wrappedBuffer(writer.utf8(json))));
    }
  }

  @Override
  public boolean writeQueueFull() {
    return writer.full(channel());
  }

  @Override
  public void close() {
    CloseTimeout.enforce(vertx, closeTimeoutMs, socket.close(), channel());
  }

  private ChannelHandlerContext channel() {
    return ((WebSocketInternal) socket).channelHandlerContext();
  }

  @Override
  public String describe() {
    return "websocket " + socket.remoteAddress();
  }
}
