package io.gamebus.gateway;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
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
  public void close(boolean inputRefused) {
    CloseTimeout.close(vertx, closeTimeoutMs, inputRefused, inputRefused ? this::endRefused : socket::close, channel());
  }

  /**
   * After a refused frame the decoder can no longer read the client's half of the closing
   * handshake, so Vert.x's close would wait for it in vain: send the close frame and end the
   * connection once it is written.
   */
  private Future<Void> endRefused() {
    Promise<Void> closed = Promise.promise();
    channel().channel().closeFuture().addListener(done -> closed.tryComplete());
    // Closed from Vert.x's handler context, past Vert.x's own close (the one that would wait).
    channel().writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.POLICY_VIOLATION))
        .addListener(written -> channel().close());
    return closed.future();
  }

  private ChannelHandlerContext channel() {
    return ((WebSocketInternal) socket).channelHandlerContext();
  }

  @Override
  public String describe() {
    return "websocket " + socket.remoteAddress();
  }
}
