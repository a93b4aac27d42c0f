package io.gamebus.gateway.transport;

import io.gamebus.vertx.VertxInternals;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;

/** A client on {@code /ws}: one JSON object per text frame. */
public final class WebSocketTransport extends SocketTransport {
  private final ServerWebSocket socket;

  public WebSocketTransport(ServerWebSocket socket, SocketWriter writer, Vertx vertx, long closeTimeoutMs) {
    super(VertxInternals.channel(socket), writer, vertx, closeTimeoutMs);
    this.socket = socket;
  }

  @Override
  public void write(String json) {
    if (!socket.isClosed()) {
      send(new TextWebSocketFrame(Unpooled.wrappedBuffer(utf8(json))));
    }
  }

  @Override
  Future<Void> closeGracefully(boolean inputRefused) {
    return inputRefused ? endRefused() : socket.close();
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

  @Override
  public String describe() {
    return "websocket " + socket.remoteAddress();
  }
}
