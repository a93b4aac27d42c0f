package io.gamebus.gateway;

import io.gamebus.bus.Addresses;
import io.gamebus.bus.GatewayBound;
import io.gamebus.bus.RegistryEvent;
import io.gamebus.config.GatewayConfig;
import io.gamebus.config.PortInUse;
import io.gamebus.metrics.GamebusMetrics;
import io.gamebus.placement.Placement;
import io.gamebus.protocol.LengthPrefixedFrameDecoder;
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
import io.vertx.core.internal.http.WebSocketInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

/**
 * A gateway: the client endpoints (TCP and WebSocket on {@code /ws}) and the sessions opened
 * through them. A node may run several, one per event loop; each has its own address for what
 * instances send back ({@link Addresses#gateway}).
 */
public final class GatewayVerticle extends VerticleBase {
  private static final long SWEEP_MS = 100;

  private final GatewayConfig config;
  private final String address;
  private final Placement placement;
  private final GamebusMetrics metrics;
  private final Handler<HttpServerRequest> httpRequests;
  private SessionHub hub;
  private SocketWriter writer;
  private NetServer tcp;
  private HttpServer http;

  /**
   * @param httpRequests what the HTTP port serves besides {@code /ws} (the web client)
   */
  public GatewayVerticle(GatewayConfig config, String address, Placement placement, GamebusMetrics metrics,
                         Handler<HttpServerRequest> httpRequests) {
    this.config = config;
    this.address = address;
    this.placement = placement;
    this.metrics = metrics;
    this.httpRequests = httpRequests;
  }

  public int tcpPort() {
    return tcp.actualPort();
  }

  public int httpPort() {
    return http.actualPort();
  }

  @Override
  public Future<?> start() {
    writer = new SocketWriter(context);
    hub = new SessionHub(vertx, config, address, placement, new SessionDirectory(vertx), metrics);
    MessageConsumer<GatewayBound> inbox = vertx.eventBus().consumer(address, hub::receive);
    vertx.eventBus().<RegistryEvent.NodeLost>localConsumer(Addresses.NODE_LOST, m -> hub.nodeLost(m.body()));
    vertx.setPeriodic(SWEEP_MS, t -> hub.sweep());
    tcp = vertx.createNetServer(new NetServerOptions().setHost(config.host()).setPort(config.tcpPort())
        .setTcpNoDelay(true)).connectHandler(this::acceptTcp);
    // No WebSocket compression: Vert.x cannot bound how much a compressed frame inflates to, so
    // a small deflate bomb would cost the node its heap and CPU before any size check. With no
    // compression, Netty refuses a frame over maxFrameBytes from its header, before its bytes.
    http = vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.httpPort())
            .setTcpNoDelay(true).setMaxWebSocketFrameSize(config.maxFrameBytes())
            .setMaxWebSocketMessageSize(config.maxFrameBytes())
            .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false))
        .webSocketHandler(this::acceptWebSocket)
        .requestHandler(httpRequests);
    return Future.join(inbox.completion(),
        PortInUse.explain(tcp.listen(), "gateway.tcpPort", config.host(), config.tcpPort()),
        PortInUse.explain(http.listen(), "gateway.httpPort", config.host(), config.httpPort()));
  }

  /** Stops taking new sessions (the node is draining); current ones carry on. */
  public void stopAccepting() {
    context.runOnContext(v -> hub.stopAccepting());
  }

  /** Tells every client {@code closing} (reason {@code shutdown}) and closes it. */
  public Future<Void> closeConnections() {
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    context.runOnContext(v -> {
      hub.shutdown();
      done.complete();
    });
    return done.future();
  }

  private void acceptTcp(NetSocket socket) {
    ClientConnection connection = new ClientConnection(new TcpTransport(socket, writer, vertx, config.closeTimeoutMs()), hub, metrics,
        config.maxMessagesPerSecond());
    hub.connected(connection);
    socket.setWriteQueueMaxSize(config.maxOutboundBytes());
    socket.handler(new LengthPrefixedFrameDecoder(config.maxFrameBytes(), connection::onMessage,
        length -> connection.tooLarge("a frame of " + length + " bytes", config.maxFrameBytes())));
    socket.closeHandler(v -> connection.onClosed());
    socket.exceptionHandler(t -> SessionHub.logBadPeer(connection.describe(), t));
  }

  private void acceptWebSocket(ServerWebSocket socket) {
    if (!"/ws".equals(socket.path())) {
      socket.close((short) 1008, "websocket endpoint is /ws");
      return;
    }
    ClientConnection connection = new ClientConnection(new WebSocketTransport(socket, writer, vertx, config.closeTimeoutMs()), hub, metrics,
        config.maxMessagesPerSecond());
    hub.connected(connection);
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
    DecoderRefusals.install(((WebSocketInternal) socket).channelHandlerContext(),
        refusal -> context.runOnContext(v -> refused(connection, socket, refusal)));
    // Anything else (a reset, a broken pipe) is the peer going away: the close handler follows.
    socket.exceptionHandler(t -> SessionHub.logBadPeer(connection.describe(), t));
  }

  private void refused(ClientConnection connection, ServerWebSocket socket, DecoderException refusal) {
    SessionHub.logBadPeer(connection.describe(), refusal);
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
}
