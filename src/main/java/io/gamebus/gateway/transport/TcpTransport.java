package io.gamebus.gateway.transport;

import io.gamebus.protocol.LengthPrefixedFrameDecoder;
import io.gamebus.vertx.VertxInternals;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetSocket;

/** A client on the TCP port: 4-byte length-prefixed JSON frames. */
public final class TcpTransport extends SocketTransport {
  private final NetSocket socket;

  public TcpTransport(NetSocket socket, SocketWriter writer, Vertx vertx, long closeTimeoutMs) {
    super(VertxInternals.channel(socket), writer, vertx, closeTimeoutMs);
    this.socket = socket;
  }

  @Override
  public void write(String json) {
    byte[] payload = utf8(json);
    ByteBuf header = Unpooled.buffer(LengthPrefixedFrameDecoder.HEADER).writeInt(payload.length);
    send(Unpooled.wrappedBuffer(header, Unpooled.wrappedBuffer(payload)));
  }

  @Override
  Future<Void> closeGracefully(boolean inputRefused) {
    return socket.close();
  }

  @Override
  public String describe() {
    return "tcp " + socket.remoteAddress();
  }
}
