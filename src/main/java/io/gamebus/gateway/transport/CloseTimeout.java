package io.gamebus.gateway.transport;

import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Bounds a graceful close. Vert.x closes a socket only once everything queued on it has been
 * written, so a client that stopped reading would keep its socket, and up to
 * {@code gateway.maxOutboundBytes} queued for it, for as long as it likes. After the timeout
 * the channel is closed at once, dropping what is still queued.
 */
final class CloseTimeout {
  /** How long a close waits when the client may still be sending what was refused. */
  static final long LINGER_MS = 200;

  private CloseTimeout() {}

  /**
   * Flushes what was written, then closes the socket (at once, or after {@link #LINGER_MS} when
   * its input was refused), bounded by {@link #enforce}.
   */
  static void close(Vertx vertx, long timeoutMs, boolean inputRefused, Supplier<Future<Void>> graceful,
                    ChannelHandlerContext channel) {
    channel.flush();
    if (inputRefused) {
      vertx.setTimer(LINGER_MS, t -> enforce(vertx, timeoutMs, graceful.get(), channel));
    } else {
      enforce(vertx, timeoutMs, graceful.get(), channel);
    }
  }

  /**
   * @param graceful the socket's own close, under way
   * @param channel  the socket's Netty channel (Vert.x's internal API: the public one has no forced close)
   */
  private static void enforce(Vertx vertx, long timeoutMs, Future<Void> graceful, ChannelHandlerContext channel) {
    if (timeoutMs == 0) {
      channel.close();
      return;
    }
    long timer = vertx.setTimer(timeoutMs, t -> channel.close());
    graceful.onComplete(done -> vertx.cancelTimer(timer));
  }
}
