package io.gamebus.gateway.transport;

import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * What both transports do alike: frames go straight to the socket's Netty channel through the
 * gateway's {@link SocketWriter} (flushed once per event-loop turn), the write queue counted is
 * Netty's, and a close is bounded by {@link CloseTimeout}. A transport adds its framing and its
 * own graceful close.
 */
abstract class SocketTransport implements Transport {
  private final ChannelHandlerContext channel;
  private final SocketWriter writer;
  private final Vertx vertx;
  private final long closeTimeoutMs;

  SocketTransport(ChannelHandlerContext channel, SocketWriter writer, Vertx vertx, long closeTimeoutMs) {
    this.channel = channel;
    this.writer = writer;
    this.vertx = vertx;
    this.closeTimeoutMs = closeTimeoutMs;
  }

  /** The frame's UTF-8 bytes, encoded once however many sockets it goes to in a row. */
  final byte[] utf8(String json) {
    return writer.utf8(json);
  }

  /** Writes a Netty message (a buffer, a WebSocket frame), flushed with the rest of this turn's. */
  final void send(Object frame) {
    writer.write(channel, frame);
  }

  final ChannelHandlerContext channel() {
    return channel;
  }

  @Override
  public final boolean writeQueueFull() {
    return writer.full(channel);
  }

  @Override
  public final void close(boolean inputRefused) {
    CloseTimeout.close(vertx, closeTimeoutMs, inputRefused, () -> closeGracefully(inputRefused), channel);
  }

  /** The transport's own close, complete once what was written has gone out. */
  abstract Future<Void> closeGracefully(boolean inputRefused);
}
