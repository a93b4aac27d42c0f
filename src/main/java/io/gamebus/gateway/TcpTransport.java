package io.gamebus.gateway;

import io.gamebus.protocol.LengthPrefixedFrameDecoder;
import io.vertx.core.net.NetSocket;

/** A client on the TCP port: 4-byte length-prefixed JSON frames. */
final class TcpTransport implements Transport {
  private final NetSocket socket;

  TcpTransport(NetSocket socket) {
    this.socket = socket;
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
    socket.close();
  }

  @Override
  public String describe() {
    return "tcp " + socket.remoteAddress();
  }
}
