package io.gamebus.gateway;

import io.gamebus.auth.TokenVerifier;
import io.gamebus.bus.Addresses;
import io.gamebus.bus.GatewayBound;
import io.gamebus.bus.RegistryEvent;
import io.gamebus.config.AuthConfig;
import io.gamebus.config.GatewayConfig;
import io.gamebus.config.PortInUse;
import io.gamebus.gateway.transport.DecoderRefusals;
import io.gamebus.gateway.transport.SocketWriter;
import io.gamebus.gateway.transport.TcpTransport;
import io.gamebus.gateway.transport.Transport;
import io.gamebus.gateway.transport.WebSocketTransport;
import io.gamebus.metrics.GamebusMetrics;
import io.gamebus.placement.Placement;
import io.gamebus.protocol.LengthPrefixedFrameDecoder;
import io.gamebus.protocol.WebSocketMessageAssembler;
import io.gamebus.tls.ServerTls;
import io.gamebus.vertx.VertxInternals;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway: the client endpoints (TCP and WebSocket on {@code /ws}) and the sessions opened
 * through them. A node runs several, one per event loop, sharing the ports ({@link Gateways});
 * each has its own address for what instances send back ({@link Addresses#gateway}).
 */
final class GatewayVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);
  private static final long SWEEP_MS = 100;

  private final GatewayConfig config;
  private final String address;
  private final int loop;
  private final Placement placement;
  private final GamebusMetrics metrics;
  private final Handler<HttpServerRequest> httpRequests;
  private final AuthConfig auth;
  private final TokenVerifier verifier;
  private SessionRouter hub;
  private SocketWriter writer;
  private NetServer tcp;
  private HttpServer http;

  /**
   * @param loop         its index among the node's gateway verticles
   * @param httpRequests what the HTTP port serves besides {@code /ws} (the web client)
   * @param verifier     the node's token verifier; null when {@code auth} is off
   */
  GatewayVerticle(GatewayConfig config, String address, int loop, Placement placement, GamebusMetrics metrics,
                  Handler<HttpServerRequest> httpRequests, AuthConfig auth, TokenVerifier verifier) {
    this.config = config;
    this.address = address;
    this.loop = loop;
    this.placement = placement;
    this.metrics = metrics;
    this.httpRequests = httpRequests;
    this.auth = auth;
    this.verifier = verifier;
  }

  String address() {
    return address;
  }

  int tcpPort() {
    return tcp.actualPort();
  }

  int httpPort() {
    return http.actualPort();
  }

  @Override
  public Future<?> start() {
    writer = new SocketWriter(context);
    hub = new SessionRouter(vertx, config, address, loop, placement, new SessionDirectory(vertx), metrics, auth, verifier);
    MessageConsumer<GatewayBound> inbox = vertx.eventBus().consumer(address, hub::receive);
    vertx.eventBus().<RegistryEvent.NodeLost>localConsumer(Addresses.NODE_LOST, m -> hub.nodeLost(m.body()));
    vertx.setPeriodic(SWEEP_MS, t -> hub.sweep());
    NetServerOptions tcpOptions = new NetServerOptions().setHost(config.host()).setPort(config.tcpPort())
        .setTcpNoDelay(true);
    // No WebSocket compression: Vert.x cannot bound how much a compressed frame inflates to, so
    // a small deflate bomb would cost the node its heap and CPU before any size check. With no
    // compression, Netty refuses a frame over maxFrameBytes from its header, before its bytes.
    // Strict thread mode: every HTTP interaction happens on this event loop (the gateway writes
    // nothing from elsewhere), so Vert.x skips the cross-thread write queue it otherwise gives each
    // connection: a 4 KB array that every WebSocket session kept for its whole life.
    HttpServerOptions httpOptions = new HttpServerOptions().setHost(config.host()).setPort(config.httpPort())
        .setStrictThreadMode(true)
        .setTcpNoDelay(true).setMaxWebSocketFrameSize(config.maxFrameBytes())
        .setMaxWebSocketMessageSize(config.maxFrameBytes())
        .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false);
    if (config.tls() != null) {
      ServerTls.secure(tcpOptions, config.tls());
      ServerTls.secure(httpOptions, config.tls());
    }
    tcp = vertx.createNetServer(tcpOptions).connectHandler(this::acceptTcp);
    http = vertx.createHttpServer(httpOptions).webSocketHandler(this::acceptWebSocket).requestHandler(httpRequests);
    Future<?> listening = Future.join(inbox.completion(),
        PortInUse.explain(tcp.listen(), "gateway.tcpPort", config.host(), config.tcpPort()),
        PortInUse.explain(http.listen(), "gateway.httpPort", config.host(), config.httpPort()));
    // The node's gateways share their servers, so the first one alone reloads the certificate for all.
    return config.tls() == null || loop != 0 ? listening : listening.compose(v -> ServerTls.watch(vertx, config.tls(),
        options -> Future.join(tcp.updateSSLOptions(options, true), http.updateSSLOptions(options, true))));
  }

  /** Stops taking new sessions (the node is draining); current ones carry on. */
  void stopAccepting() {
    context.runOnContext(v -> hub.stopAccepting());
  }

  /** Tells every client {@code closing} (reason {@code shutdown}) and closes it. */
  Future<Void> closeConnections() {
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    context.runOnContext(v -> {
      hub.shutdown();
      done.complete();
    });
    return done.future();
  }

  private ClientConnection connected(Transport transport) {
    ClientConnection connection = new ClientConnection(transport, hub, metrics, config.maxMessagesPerSecond());
    hub.connected(connection);
    return connection;
  }

  private void acceptTcp(NetSocket socket) {
    ClientConnection connection = connected(new TcpTransport(socket, writer, vertx, config.closeTimeoutMs()));
    socket.setWriteQueueMaxSize(config.maxOutboundBytes());
    socket.handler(new LengthPrefixedFrameDecoder(config.maxFrameBytes(), connection::onMessage,
        length -> connection.tooLarge("a frame of " + length + " bytes", config.maxFrameBytes())));
    socket.closeHandler(v -> connection.onClosed());
    socket.exceptionHandler(t -> logBadPeer(connection.describe(), t));
  }

  private void acceptWebSocket(ServerWebSocket socket) {
    if (!"/ws".equals(socket.path())) {
      socket.close((short) 1008, "websocket endpoint is /ws");
      return;
    }
    ClientConnection connection = connected(new WebSocketTransport(socket, writer, vertx, config.closeTimeoutMs()));
    socket.setWriteQueueMaxSize(config.maxOutboundBytes());
    WebSocketMessageAssembler assembler = new WebSocketMessageAssembler(config.maxFrameBytes());
    socket.frameHandler(frame -> {
      connection.touch();
      switch (assembler.accept(frame)) {
        case MESSAGE -> connection.onMessage(assembler.message());
        case TOO_LARGE -> connection.tooLarge("a websocket message", config.maxFrameBytes());
        default -> { }
      }
    });
    socket.closeHandler(v -> connection.onClosed());
    DecoderRefusals.install(VertxInternals.channel(socket),
        refusal -> context.runOnContext(v -> refused(connection, socket, refusal)));
    // Anything else (a reset, a broken pipe) is the peer going away: the close handler follows.
    socket.exceptionHandler(t -> logBadPeer(connection.describe(), t));
  }

  private void refused(ClientConnection connection, ServerWebSocket socket, DecoderException refusal) {
    logBadPeer(connection.describe(), refusal);
    if (tooBig(refusal)) {
      // Netty refuses a frame over maxFrameBytes from its header: too_large, not bad_frame.
      connection.tooLarge("a websocket frame", config.maxFrameBytes());
    } else if (!socket.isClosed()) {
      connection.badFrame("broken websocket frame: " + refusal.getMessage());
    }
  }

  private static boolean tooBig(Throwable t) {
    return t instanceof CorruptedWebSocketFrameException corrupted
        && corrupted.closeStatus().code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code();
  }

  private static void logBadPeer(String who, Throwable t) {
    LOG.debug("connection {} failed: {}", who, t.toString());
  }
}
