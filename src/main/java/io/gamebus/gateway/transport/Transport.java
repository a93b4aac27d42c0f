package io.gamebus.gateway.transport;

/** One client connection's socket, TCP or WebSocket: how the gateway writes and closes it. */
public interface Transport {

  /** Writes one encoded server message (framed as the transport requires). */
  void write(String json);

  /** Whether more than {@code gateway.maxOutboundBytes} are waiting for a client that does not read. */
  boolean writeQueueFull();

  /**
   * Closes the connection once what was written has reached the client, or after
   * {@code gateway.closeTimeoutMs} at the latest (a client that stopped reading would otherwise
   * hold the socket, and what is queued for it, forever).
   *
   * @param inputRefused the client's input was refused (too large, broken) and more of it may be
   *                     on its way: the close waits a moment, since closing a socket with unread
   *                     bytes resets it, and a reset can drop the last frames before the client
   *                     reads them
   */
  void close(boolean inputRefused);

  /** For logs: the peer's address and the transport's name. */
  String describe();
}
