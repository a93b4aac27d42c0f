package io.gamebus.gateway;

import io.gamebus.bus.Identity;
import io.gamebus.bus.InstanceBound;
import io.gamebus.config.GatewayConfig;
import io.gamebus.metrics.GamebusMetrics;
import io.gamebus.protocol.ServerMessage;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The sessions of one gateway verticle by id, and the steps every one of them goes through:
 * opened (listed in the {@link SessionDirectory} for a resume), attached to a connection
 * ({@code welcome}, then what was held for it), detached (kept for {@code resumeSeconds}),
 * ended. Lives on the gateway verticle's event loop.
 */
final class SessionTable {
  private final InstanceSender sender;
  private final GatewayConfig config;
  private final String address;
  private final SessionDirectory directory;
  private final GamebusMetrics metrics;
  private final UserSessions users;
  private final Map<String, ClientSession> sessions = new HashMap<>();
  /**
   * Sessions whose join is on its way: the game's join hook runs on the instance before the
   * instance's answer comes back, and what it pushes then (the arena's whole state) is held
   * here and written right after the welcome instead of being dropped.
   */
  private final Map<String, ClientSession> placing = new HashMap<>();

  SessionTable(GatewayConfig config, String address, SessionDirectory directory, GamebusMetrics metrics,
               InstanceSender sender, UserSessions users) {
    this.sender = sender;
    this.config = config;
    this.address = address;
    this.directory = directory;
    this.metrics = metrics;
    this.users = users;
  }

  /** The open session, or null. */
  ClientSession get(String id) {
    return sessions.get(id);
  }

  /** The open session, or one whose join is on its way, or null. */
  ClientSession openOrPlacing(String id) {
    ClientSession session = sessions.get(id);
    return session != null ? session : placing.get(id);
  }

  Collection<ClientSession> all() {
    return sessions.values();
  }

  /** Its join was sent. */
  void placing(ClientSession session) {
    placing.put(session.id, session);
  }

  /** Its join was answered, whichever way. */
  void placed(String id) {
    placing.remove(id);
  }

  void open(ClientSession session) {
    sessions.put(session.id, session);
    metrics.sessions().incrementAndGet();
    directory.put(session, address, 0);
  }

  void attach(ClientConnection connection, ClientSession session, Long helloId, boolean resumed) {
    ClientConnection previous = session.connection;
    if (previous != null && previous != connection) {
      previous.session = null;
      previous.close("resumed_elsewhere");
    }
    session.connection = connection;
    connection.session = session;
    connection.helloPending = false;
    connection.send(new ServerMessage.Welcome(helloId, session.id, session.resume, session.game,
        session.version, session.instance, session.node, resumed, Identity.userOf(session.identity)));
    while (!session.held.isEmpty() && session.connection == connection) {
      connection.send(session.held.poll());
    }
  }

  void detach(ClientSession session) {
    session.connection = null;
    session.detachedAt = System.nanoTime();
    session.requests.clear();
    if (config.resumeSeconds() == 0) {
      end(session);
    } else {
      directory.put(session, address, TimeUnit.SECONDS.toMillis(config.resumeSeconds()));
    }
  }

  /** The session is over: its instance hears {@code leave}, its resume token stops working. */
  void end(ClientSession session) {
    if (sessions.remove(session.id) == null) {
      return;
    }
    metrics.sessions().decrementAndGet();
    directory.remove(session.resume);
    users.ended(session);
    sender.send(session.instance, new InstanceBound.Leave(session.id));
    if (session.connection != null) {
      session.connection.session = null;
      session.connection = null;
    }
  }

  /** The session goes on at another gateway: forgotten here, not ended; null if not here. */
  ClientSession handOff(String id) {
    ClientSession session = sessions.remove(id);
    if (session != null) {
      metrics.sessions().decrementAndGet();
    }
    return session;
  }
}
