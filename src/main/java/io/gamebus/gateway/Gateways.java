package io.gamebus.gateway;

import io.gamebus.auth.TokenVerifier;
import io.gamebus.bus.Addresses;
import io.gamebus.config.AuthConfig;
import io.gamebus.config.GatewayConfig;
import io.gamebus.config.PortInUse;
import io.gamebus.metrics.GamebusMetrics;
import io.gamebus.placement.Placement;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A node's gateway verticles: {@code gateway.eventLoops} of them, each on its own event loop,
 * all listening on the same TCP and HTTP ports. Vert.x binds a shared port once and hands the
 * connections it accepts round-robin to the verticles listening on it, so client I/O spreads
 * over the event loops. What is per node stays per node: the meters are the node's, a session
 * resumes from one verticle to another the way it does between nodes (a handoff over the event
 * bus), and draining reaches every verticle.
 */
public final class Gateways {
  /** Attempts at a port of our choosing when the configured one is 0 and someone took it meanwhile. */
  private static final int BIND_ATTEMPTS = 3;

  private final List<GatewayVerticle> verticles;

  private Gateways(List<GatewayVerticle> verticles) {
    this.verticles = List.copyOf(verticles);
  }

  /**
   * @param web      what the HTTP port serves besides {@code /ws}, one handler per verticle
   * @param verifier the node's token verifier; null when {@code auth} is off
   */
  public static Future<Gateways> deploy(Vertx vertx, GatewayConfig config, String nodeId, Placement placement,
                                        GamebusMetrics metrics, Function<Vertx, Handler<HttpServerRequest>> web,
                                        AuthConfig auth, TokenVerifier verifier) {
    return deploy(vertx, config, nodeId, placement, metrics, web, auth, verifier, BIND_ATTEMPTS);
  }

  private static Future<Gateways> deploy(Vertx vertx, GatewayConfig config, String nodeId, Placement placement,
                                         GamebusMetrics metrics, Function<Vertx, Handler<HttpServerRequest>> web,
                                         AuthConfig auth, TokenVerifier verifier, int attempts) {
    // Vert.x shares a port among servers only when it is named: port 0 would give every
    // verticle a port of its own. So 0 becomes a free port chosen here, shared by all.
    boolean chosen = config.tcpPort() == 0 || config.httpPort() == 0;
    GatewayConfig ports = config.withPorts(freeIfZero(config.host(), config.tcpPort()),
        freeIfZero(config.host(), config.httpPort()));
    List<GatewayVerticle> deployed = new CopyOnWriteArrayList<>();
    return vertx.deployVerticle(() -> {
      GatewayVerticle gateway = new GatewayVerticle(ports, Addresses.gateway(nodeId, deployed.size()),
          deployed.size(), placement, metrics, web.apply(vertx), auth, verifier);
      deployed.add(gateway);
      return gateway;
    }, new DeploymentOptions().setInstances(config.eventLoops()))
        .map(id -> new Gateways(deployed))
        .recover(failure -> chosen && attempts > 1 && PortInUse.isBindFailure(failure)
            ? deploy(vertx, config, nodeId, placement, metrics, web, auth, verifier, attempts - 1)
            : Future.failedFuture(failure));
  }

  private static int freeIfZero(String host, int port) {
    if (port != 0) {
      return port;
    }
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + host, e);
    }
  }

  /** The event-bus addresses of the verticles, for the node's report. */
  public List<String> addresses() {
    List<String> addresses = new ArrayList<>();
    verticles.forEach(gateway -> addresses.add(gateway.address()));
    return addresses;
  }

  public int tcpPort() {
    return verticles.get(0).tcpPort();
  }

  public int httpPort() {
    return verticles.get(0).httpPort();
  }

  /** Stops taking new sessions on every verticle (the node is draining); current ones carry on. */
  public void stopAccepting() {
    verticles.forEach(GatewayVerticle::stopAccepting);
  }

  /** Tells every client of every verticle {@code closing} (reason {@code shutdown}) and closes it. */
  public Future<Void> closeConnections() {
    List<Future<Void>> closing = new ArrayList<>();
    verticles.forEach(gateway -> closing.add(gateway.closeConnections()));
    return Future.join(closing).mapEmpty();
  }
}
