package io.gamebus.gateway;

import io.gamebus.gateway.transport.Transport;
import io.gamebus.metrics.GamebusMetrics;
import io.gamebus.protocol.ClientMessage;
import io.gamebus.protocol.ClientMessageDecoder;
import io.gamebus.protocol.ErrorCode;
import io.gamebus.protocol.ProtocolException;
import io.gamebus.protocol.ServerMessage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * One client connection, the same for both transports. Its way in is the decoding stage of the
 * gateway's pipeline: a whole message (framed and size-checked by the transport's decoder) →
 * rate limit → decode → {@link SessionRouter}. Bad input gets an {@code error} and the
 * connection stays open, except {@code bad_frame} and {@code too_large}, which close it. Its way
 * out writes through its {@link Transport}, closing a client that stopped reading
 * ({@code slow_consumer}). Runs on the gateway verticle's event loop.
 */
final class ClientConnection {
  private final Transport transport;
  private final SessionRouter hub;
  private final GamebusMetrics metrics;
  private final RateLimiter limiter;
  long lastActivity;
  ClientSession session;
  boolean helloPending;
  /** With {@code auth.onExpiry close}: when its token expires (epoch millis), else 0. */
  long tokenExpiresAt;
  private boolean closed;

  ClientConnection(Transport transport, SessionRouter hub, GamebusMetrics metrics, int maxMessagesPerSecond) {
    this.transport = transport;
    this.hub = hub;
    this.metrics = metrics;
    this.lastActivity = System.nanoTime();
    this.limiter = new RateLimiter(maxMessagesPerSecond, lastActivity);
  }

  /** Any traffic from the client, data or control frames: it is not idle. */
  void touch() {
    lastActivity = System.nanoTime();
  }

  /** One whole message's bytes. */
  void onMessage(Buffer payload) {
    if (closed) {
      return;
    }
    long now = System.nanoTime();
    lastActivity = now;
    metrics.messageIn();
    if (!limiter.tryAcquire(now)) {
      error(ErrorCode.RATE_LIMITED, idOf(payload), "over the limit of messages per second; this one was dropped");
      return;
    }
    ClientMessage message;
    try {
      message = ClientMessageDecoder.decode(payload);
    } catch (ProtocolException e) {
      error(e.code(), e.requestId(), e.getMessage());
      return;
    }
    hub.handle(this, message);
  }

  /** A frame over {@code gateway.maxFrameBytes}: {@code too_large}, then close. */
  void tooLarge(String what, int limit) {
    error(ErrorCode.TOO_LARGE, null, what + " is over the limit of " + limit + " bytes");
  }

  /** The transport could not make sense of the frame: {@code bad_frame}, then close. */
  void badFrame(String why) {
    error(ErrorCode.BAD_FRAME, null, why);
  }

  void error(ErrorCode code, Long id, String message) {
    metrics.error(code.wireName());
    send(new ServerMessage.Failure(id, code, message).encode());
    if (code.closesConnection()) {
      close(code.wireName(), true); // the errors that close are refusals of the client's input
    }
  }

  void send(ServerMessage message) {
    send(message.encode());
  }

  /** Writes an encoded message; a client that stopped reading is closed rather than buffered without bound. */
  void send(String json) {
    if (closed) {
      return;
    }
    transport.write(json);
    metrics.messagesOut(1);
    if (transport.writeQueueFull()) {
      close("slow_consumer");
    }
  }

  /**
   * Says {@code closing} with this reason and closes. The session (if any) is detached at once,
   * not when the socket is finally gone: that may take up to {@code gateway.closeTimeoutMs} for
   * a client that stopped reading, and meanwhile its pushes must be kept for a resume.
   */
  void close(String reason) {
    close(reason, false);
  }

  private void close(String reason, boolean inputRefused) {
    if (closed) {
      return;
    }
    transport.write(new ServerMessage.Closing(reason).encode());
    closed = true;
    transport.close(inputRefused);
    hub.disconnected(this);
  }

  boolean isClosed() {
    return closed;
  }

  /** The socket is gone, whoever closed it (again, if the gateway closed it). */
  void onClosed() {
    closed = true;
    hub.disconnected(this);
  }

  String describe() {
    return transport.describe();
  }

  /** The id of a message dropped unread (rate limited), if it is a JSON object with a valid one. */
  private static Long idOf(Buffer payload) {
    try {
      Object id = new JsonObject(payload).getValue("id");
      return id instanceof Number n && n.longValue() > 0 && n.doubleValue() == n.longValue() ? n.longValue() : null;
    } catch (RuntimeException notJson) {
      return null;
    }
  }
}
