package io.gamebus.gateway;

import io.gamebus.protocol.LengthPrefixedFrameDecoder;
import io.vertx.core.Vertx;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

/** A client on the TCP port: 4-byte length-prefixed JSON frames. */
final class TcpTransport implements Transport {
  private final NetSocket socket;
  private final Vertx vertx;
  private final long closeTimeoutMs;

  TcpTransport(NetSocket socket, Vertx vertx, long closeTimeoutMs) {
    this.socket = socket;
    this.vertx = vertx;
    this.closeTimeoutMs = closeTimeoutMs;
  }

  @Override
  public void write(String json) {
    socket.write(LengthPrefixedFrameDecoder.frame(json));
  }

  @Override
  public boolean writeQueueFull() {
    return socket.writeQueueFull();
  }

  @Override
  public void close() {
    CloseTimeout.enforce(vertx, closeTimeoutMs, socket.close(), ((NetSocketInternal) socket).channelHandlerContext());
  }

  @Override
  public String describe() {
    return "tcp " + socket.remoteAddress();
  }
}
