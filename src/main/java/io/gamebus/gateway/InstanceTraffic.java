package io.gamebus.gateway;

import io.gamebus.bus.GatewayBound;
import io.gamebus.bus.InstanceBound;
import io.gamebus.config.GatewayConfig;
import io.gamebus.metrics.GamebusMetrics;
import io.gamebus.protocol.ClientMessage;
import io.gamebus.protocol.ErrorCode;
import io.gamebus.protocol.ServerMessage;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The traffic between sessions and their instances: a client's {@code msg} goes to its
 * session's instance, its request remembered until answered or timed out; what instances send
 * back (pushes, answers, {@code moved}, evictions) is written to the clients, or held for a
 * detached session. Lives on the gateway verticle's event loop.
 */
final class InstanceTraffic {
  private final GatewayConfig config;
  private final String address;
  private final SessionDirectory directory;
  private final GamebusMetrics metrics;
  private final SessionTable sessions;
  private final InstanceSender sender;

  InstanceTraffic(GatewayConfig config, String address, SessionDirectory directory,
                  GamebusMetrics metrics, SessionTable sessions, InstanceSender sender) {
    this.config = config;
    this.address = address;
    this.directory = directory;
    this.metrics = metrics;
    this.sessions = sessions;
    this.sender = sender;
  }

  void relay(ClientConnection connection, ClientMessage.Msg msg) {
    ClientSession session = connection.session;
    if (session == null) {
      connection.error(ErrorCode.NO_SESSION, msg.id(), "send hello first");
      return;
    }
    long requestId = 0;
    if (msg.id() != null) {
      requestId = msg.id();
      session.requests.remove(requestId);
      session.requests.put(requestId, System.nanoTime());
    }
    InstanceBound.Deliver deliver = new InstanceBound.Deliver(session.id, requestId, msg.route(), msg.body());
    if (session.heldForInstance != null) {
      session.heldForInstance.add(deliver);
    } else {
      sender.send(session.instance, deliver);
    }
  }

  /** A one-way message from a game: frames to write, or sessions to end. */
  void apply(GatewayBound body) {
    if (body instanceof GatewayBound.Push push) {
      for (String id : push.sessions()) {
        deliver(sessions.openOrPlacing(id), push.frame());
      }
    } else if (body instanceof GatewayBound.Answer answer) {
      ClientSession session = sessions.get(answer.session());
      Long sent = session == null ? null : session.requests.remove(answer.requestId());
      if (sent != null) {
        metrics.requestLatency(System.nanoTime() - sent);
        deliver(session, answer.frame());
      }
    } else if (body instanceof GatewayBound.Evict evict) {
      evict(evict);
    }
  }

  /**
   * Sessions moved to another instance. What they sent before is flushed to the old instance
   * first: the old instance takes this gateway's answer to mean nothing more is on its way.
   */
  void moved(GatewayBound.Moved moved) {
    sender.flush();
    String frame = new ServerMessage.Moved(moved.instance(), moved.version(), moved.node(), moved.reason()).encode();
    for (String id : moved.sessions()) {
      ClientSession session = sessions.get(id);
      if (session != null) {
        session.instance = moved.instance();
        session.version = moved.version();
        session.node = moved.node();
        deliver(session, frame);
        directory.put(session, address, session.attached() ? 0 : TimeUnit.SECONDS.toMillis(config.resumeSeconds()));
        releaseHeld(session);
      }
    }
  }

  /**
   * Sends, in order, what a session said while its instance was lost with its node (if it was):
   * once the instance running again has taken the session, which it has when it says
   * {@code moved} or answers the adoption, whichever reaches this gateway first.
   */
  void releaseHeld(ClientSession session) {
    List<InstanceBound.Deliver> held = session.heldForInstance;
    if (held != null) {
      session.heldForInstance = null;
      held.forEach(deliver -> sender.send(session.instance, deliver));
    }
  }

  private void deliver(ClientSession session, String frame) {
    if (session == null) {
      return;
    }
    if (session.connection != null) {
      session.connection.send(frame);
    } else if (config.maxPendingPushes() > 0) {
      if (session.held.size() >= config.maxPendingPushes()) {
        session.held.poll();
      }
      session.held.add(frame);
    }
  }

  void evict(GatewayBound.Evict evict) {
    for (String id : evict.sessions()) {
      ClientSession session = sessions.get(id);
      if (session == null) {
        continue;
      }
      ClientConnection connection = session.connection;
      sessions.end(session);
      if (connection != null) {
        if (evict.code() != null) {
          ErrorCode code = ErrorCode.fromWire(evict.code());
          if (code != null) {
            metrics.error(code.wireName());
          }
          connection.send(new ServerMessage.Failure(null, evict.code(), evict.message()));
        }
        connection.close(evict.reason());
      }
    }
  }
}
