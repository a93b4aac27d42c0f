package io.gamebus.gateway;

import io.gamebus.protocol.LengthPrefixedFrameDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.Vertx;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

/** A client on the TCP port: 4-byte length-prefixed JSON frames. */
final class TcpTransport implements Transport {
  private final NetSocket socket;
  private final SocketWriter writer;
  private final Vertx vertx;
  private final long closeTimeoutMs;

  TcpTransport(NetSocket socket, SocketWriter writer, Vertx vertx, long closeTimeoutMs) {
    this.socket = socket;
    this.writer = writer;
    this.vertx = vertx;
    this.closeTimeoutMs = closeTimeoutMs;
  }

  @Override
  public void write(String json) {
    byte[] payload = writer.utf8(json);
    ByteBuf header = Unpooled.buffer(LengthPrefixedFrameDecoder.HEADER).writeInt(payload.length);
    writer.write(channel(), Unpooled.wrappedBuffer(header, Unpooled.wrappedBuffer(payload)));
  }

  @Override
  public boolean writeQueueFull() {
    return writer.full(channel());
  }

  @Override
  public void close(boolean inputRefused) {
    CloseTimeout.close(vertx, closeTimeoutMs, inputRefused, socket::close, channel());
  }

  private ChannelHandlerContext channel() {
    return ((NetSocketInternal) socket).channelHandlerContext();
  }

  @Override
  public String describe() {
    return "tcp " + socket.remoteAddress();
  }
}
