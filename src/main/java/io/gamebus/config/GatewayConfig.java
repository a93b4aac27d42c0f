package io.gamebus.config;

import io.vertx.core.VertxOptions;

/**
 * {@code gateway}: client endpoints and the per-connection rules of the protocol.
 *
 * @param maxOutboundBytes bytes a connection may have queued for a client that does not
 *                         read before it is closed with reason {@code slow_consumer}
 * @param maxPendingPushes pushes kept for a disconnected, resumable session
 * @param closeTimeoutMs   how long a connection being closed may take to hand the client what
 *                         is queued for it ({@code closing} included) before it is dropped
 * @param eventLoops       gateway verticles, one per event loop, sharing the two client ports
 *                         (default: Vert.x's event-loop count, twice the cores)
 * @param tls              TLS on both client ports, or null for plain TCP and WebSocket
 */
public record GatewayConfig(String host, int tcpPort, int httpPort, String defaultGame,
                            int maxFrameBytes, int resumeSeconds, int requestTimeoutMs,
                            int idleSeconds, int maxMessagesPerSecond, int maxOutboundBytes,
                            int maxPendingPushes, int closeTimeoutMs, int eventLoops, TlsConfig tls) {

  static GatewayConfig from(ConfigReader in) {
    return new GatewayConfig(
        in.string("host", "0.0.0.0"),
        in.integer("tcpPort", 7070, 0, 65535),
        in.integer("httpPort", 8080, 0, 65535),
        in.string("defaultGame", "arena"),
        in.integer("maxFrameBytes", 65536, 64, 64 * 1024 * 1024),
        in.integer("resumeSeconds", 30, 0, 86400),
        in.integer("requestTimeoutMs", 5000, 1, 3_600_000),
        in.integer("idleSeconds", 60, 1, 86400),
        in.integer("maxMessagesPerSecond", 200, 1, 1_000_000),
        in.integer("maxOutboundBytes", 1 << 20, 1024, Integer.MAX_VALUE),
        in.integer("maxPendingPushes", 256, 0, 100_000),
        in.integer("closeTimeoutMs", 10_000, 0, 3_600_000),
        in.integer("eventLoops", VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE, 1, 1024),
        TlsConfig.from(in));
  }

  GatewayConfig withPortOffset(int offset) {
    return withPorts(shift(tcpPort, offset), shift(httpPort, offset));
  }

  /** The same configuration on these client ports. */
  public GatewayConfig withPorts(int tcp, int http) {
    return new GatewayConfig(host, tcp, http, defaultGame, maxFrameBytes, resumeSeconds, requestTimeoutMs,
        idleSeconds, maxMessagesPerSecond, maxOutboundBytes, maxPendingPushes, closeTimeoutMs, eventLoops, tls);
  }

  static int shift(int port, int offset) {
    return port == 0 ? 0 : port + offset;
  }
}
