package io.gamebus.gateway;

import io.gamebus.config.GatewayConfig;
import io.gamebus.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's timeouts, enforced by a periodic sweep: idle connections are closed, requests
 * the game did not answer in time get {@code timeout}, detached sessions past the resume window
 * are ended. Lives on the gateway verticle's event loop.
 */
final class TimeoutSweep {
  private final GatewayConfig config;
  private final Set<ClientConnection> connections;
  private final SessionTable sessions;

  TimeoutSweep(GatewayConfig config, Set<ClientConnection> connections, SessionTable sessions) {
    this.config = config;
    this.connections = connections;
    this.sessions = sessions;
  }

  void sweep(long now) {
    long idle = TimeUnit.SECONDS.toNanos(config.idleSeconds());
    long wallClock = System.currentTimeMillis();
    for (ClientConnection connection : new ArrayList<>(connections)) {
      if (now - connection.lastActivity > idle) {
        connection.close("idle");
      } else if (connection.tokenExpiresAt > 0 && wallClock >= connection.tokenExpiresAt) {
        // Its session stays resumable, with a fresh token.
        connection.close("token_expired");
      }
    }
    long timeout = TimeUnit.MILLISECONDS.toNanos(config.requestTimeoutMs());
    long window = TimeUnit.SECONDS.toNanos(config.resumeSeconds());
    List<ClientSession> expired = new ArrayList<>();
    Map<ClientSession, List<Long>> late = new HashMap<>();
    for (ClientSession session : sessions.all()) {
      if (session.connection == null) {
        if (now - session.detachedAt > window) {
          expired.add(session);
        }
        continue;
      }
      Iterator<Map.Entry<Long, Long>> requests = session.requests.entrySet().iterator();
      while (requests.hasNext()) {
        Map.Entry<Long, Long> request = requests.next();
        if (now - request.getValue() < timeout) {
          break;
        }
        requests.remove();
        late.computeIfAbsent(session, s -> new ArrayList<>()).add(request.getKey());
      }
    }
    // Acted on after the walk: an error can close a slow consumer, which detaches (or ends) its session.
    late.forEach((session, ids) -> {
      for (Long id : ids) {
        if (session.connection != null) {
          session.connection.error(ErrorCode.TIMEOUT, id,
              "the game did not answer within " + config.requestTimeoutMs() + " ms");
        }
      }
    });
    expired.forEach(sessions::end);
  }
}
