package io.gamebus.gateway;

import io.gamebus.auth.TokenVerifier;
import io.gamebus.bus.GatewayBound;
import io.gamebus.bus.RegistryEvent;
import io.gamebus.config.AuthConfig;
import io.gamebus.config.GatewayConfig;
import io.gamebus.metrics.GamebusMetrics;
import io.gamebus.placement.Placement;
import io.gamebus.protocol.ClientMessage;
import io.gamebus.protocol.ErrorCode;
import io.gamebus.protocol.ServerMessage;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The routing stage of one gateway verticle: passes what reaches its sessions to the stage that
 * acts on it. From clients, after decoding ({@link ClientConnection}): {@code hello} to the
 * {@link SessionOpener} (placement, then a join on the chosen instance; or a resume, by the
 * {@link SessionResumer}),
 * {@code msg} to {@link InstanceTraffic} (to the session's instance), {@code ping} and
 * {@code bye} answered here. From the event bus ({@link GatewayBound}): pushes, answers,
 * evictions and {@code moved} to {@link InstanceTraffic} (written to the clients, or held for a
 * detached session), handoffs to the {@link SessionResumer}, {@code Holds} to the
 * {@link SessionTable}. Its sweep drives {@link OrphanedSessions} and the {@link TimeoutSweep}.
 * Runs on the gateway verticle's event loop; talks to instances only over the event bus.
 */
final class SessionRouter {
  private final GatewayConfig config;
  private final String address;
  private final int loop;
  private final SessionDirectory directory;
  private final GamebusMetrics metrics;
  private final Set<ClientConnection> connections = new LinkedHashSet<>();
  private final SessionTable sessions;
  private final SessionOpener opener;
  private final SessionResumer resumer;
  private final InstanceTraffic traffic;
  private final OrphanedSessions orphans;
  private final TimeoutSweep timeouts;

  /** @param loop the gateway verticle's index among the node's ({@code gateway.eventLoops}) */
  SessionRouter(Vertx vertx, GatewayConfig config, String address, int loop, Placement placement,
             SessionDirectory directory, GamebusMetrics metrics, AuthConfig auth, TokenVerifier verifier) {
    this.config = config;
    this.address = address;
    this.loop = loop;
    this.directory = directory;
    this.metrics = metrics;
    UserSessions users = new UserSessions(vertx, auth, address);
    InstanceSender sender = new InstanceSender(vertx, vertx.getOrCreateContext());
    this.sessions = new SessionTable(config, address, directory, metrics, sender, users);
    HelloAnswers answers = new HelloAnswers(sessions, users, auth.closeOnExpiry());
    this.resumer = new SessionResumer(vertx, config, address, placement, directory, sessions, sender, answers);
    this.opener = new SessionOpener(vertx, config, address, placement, sessions, verifier, users, answers, resumer);
    this.traffic = new InstanceTraffic(config, address, directory, metrics, sessions, sender);
    this.orphans = new OrphanedSessions(vertx, config, address, placement, sessions, traffic);
    this.timeouts = new TimeoutSweep(config, connections, sessions);
    metrics.countConnections(loop);
  }

  void connected(ClientConnection connection) {
    connections.add(connection);
    metrics.connectionOpened(loop);
  }

  void handle(ClientConnection connection, ClientMessage message) {
    if (message instanceof ClientMessage.Msg msg) {
      traffic.relay(connection, msg);
    } else if (message instanceof ClientMessage.Ping ping) {
      connection.send(new ServerMessage.Pong(ping.id()));
    } else if (message instanceof ClientMessage.Hello hello) {
      opener.hello(connection, hello);
    } else if (message instanceof ClientMessage.Bye) {
      ClientSession session = connection.session;
      if (session != null) {
        sessions.end(session);
      }
      connection.close("bye");
    }
  }

  /** What instances (and gateways taking a session over) send to this gateway. */
  void receive(Message<GatewayBound> message) {
    GatewayBound body = message.body();
    if (body instanceof GatewayBound.Batch batch) {
      batch.items().forEach(traffic::apply);
    } else if (body instanceof GatewayBound.Moved moved) {
      traffic.moved(moved);
      message.reply(null);
    } else if (body instanceof GatewayBound.Handoff handoff) {
      resumer.handOff(handoff.session(), message);
    } else if (body instanceof GatewayBound.Holds holds) {
      ClientSession session = sessions.openOrPlacing(holds.session());
      message.reply(session != null && (holds.instance() == null || holds.instance().equals(session.instance)));
    } else {
      traffic.apply(body);
    }
  }

  void disconnected(ClientConnection connection) {
    if (connections.remove(connection)) {
      metrics.connectionClosed(loop);
    }
    ClientSession session = connection.session;
    connection.session = null;
    if (session != null && session.connection == connection) {
      sessions.detach(session);
    }
  }

  /** A node died: its instances' sessions here wait for those instances to run again elsewhere. */
  void nodeLost(RegistryEvent.NodeLost lost) {
    orphans.nodeLost(lost);
  }

  /** Orphans adopted (or given up), then idle connections, requests past their timeout, expiry. */
  void sweep() {
    long now = System.nanoTime();
    orphans.adopt(now);
    timeouts.sweep(now);
  }

  /** Stops taking sessions and closes every connection with {@code closing} reason {@code shutdown}. */
  void shutdown() {
    opener.stopAccepting();
    // Its clients will resume on another gateway: let their entries expire like any detached session's.
    long window = TimeUnit.SECONDS.toMillis(Math.max(1, config.resumeSeconds()));
    sessions.all().forEach(session -> directory.put(session, address, window));
    for (ClientConnection connection : new ArrayList<>(connections)) {
      ClientSession session = connection.session;
      if (session != null) {
        // Every request gets an answer, even one the close would otherwise swallow.
        session.requests.keySet().forEach(id -> connection.error(ErrorCode.UNAVAILABLE, id,
            "this gateway is shutting down before the answer came; the request may or may not have been processed"));
        session.requests.clear();
      }
      connection.close("shutdown");
    }
  }

  void stopAccepting() {
    opener.stopAccepting();
  }
}
