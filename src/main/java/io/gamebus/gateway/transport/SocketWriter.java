package io.gamebus.gateway.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.Context;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes frames to a gateway's client sockets, one system call per socket per event-loop turn.
 *
 * <p>Vert.x flushes every write made outside the socket's own read, and nearly everything a
 * gateway writes comes from the event bus (answers and pushes from game instances): written
 * through Vert.x, each frame would cost a system call of its own. Here a frame goes into the
 * socket's Netty channel unflushed, and one task queued behind the work already waiting on the
 * event loop flushes every socket written to meanwhile. Closes go through Vert.x, which
 * flushes first.
 *
 * <p>A frame pushed to many sockets is encoded to UTF-8 once and its bytes shared.
 */
public final class SocketWriter {
  private final Context context;
  private final List<ChannelHandlerContext> written = new ArrayList<>();
  private String lastFrame;
  private byte[] lastBytes;

  /** @param context the gateway's event-loop context, which owns its client sockets */
  public SocketWriter(Context context) {
    this.context = context;
  }

  /** The frame's UTF-8 bytes, encoded once however many sockets it goes to in a row. */
  byte[] utf8(String frame) {
    if (frame != lastFrame) {
      lastBytes = frame.getBytes(StandardCharsets.UTF_8);
      lastFrame = frame;
    }
    return lastBytes;
  }

  /** Writes a Netty message (a buffer, a WebSocket frame) to a socket; flushed with the rest of this turn's. */
  void write(ChannelHandlerContext channel, Object message) {
    if (!channel.channel().isActive()) {
      // Gone already (its close handler is on its way): a write would only fail, and the void
      // promise would report that failure to the pipeline as an exception.
      return;
    }
    channel.write(message, channel.voidPromise());
    if (written.isEmpty()) {
      context.runOnContext(v -> flush());
    }
    if (written.isEmpty() || written.get(written.size() - 1) != channel) {
      written.add(channel);
    }
  }

  /**
   * Whether more than the socket's write-queue limit waits for its client even after a flush:
   * Netty's count, not Vert.x's, since frames pass Vert.x's queue. The flush lets a burst written
   * in one turn go to the kernel's buffers first, so only a client that does not read is full.
   * A closed socket is not full: its close handler is on its way.
   */
  boolean full(ChannelHandlerContext channel) {
    Channel netty = channel.channel();
    if (netty.isWritable() || !netty.isActive()) {
      return false;
    }
    netty.flush();
    return netty.isActive() && !netty.isWritable();
  }

  private void flush() {
    for (ChannelHandlerContext channel : written) {
      channel.flush();
    }
    written.clear();
  }
}
