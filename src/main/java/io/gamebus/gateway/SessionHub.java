package io.gamebus.gateway;

import io.gamebus.bus.Addresses;
import io.gamebus.bus.GatewayBound;
import io.gamebus.bus.InstanceBound;
import io.gamebus.bus.InstanceInfo;
import io.gamebus.bus.RegistryEvent;
import io.gamebus.bus.SessionRef;
import io.gamebus.protocol.MoveReason;
import io.gamebus.config.GatewayConfig;
import io.gamebus.config.Tokens;
import io.gamebus.metrics.GamebusMetrics;
import io.gamebus.placement.Placement;
import io.gamebus.protocol.ClientMessage;
import io.gamebus.protocol.ErrorCode;
import io.gamebus.protocol.ServerMessage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions of one gateway verticle: opens them ({@code hello}: placement, then a join on
 * the chosen instance), relays {@code msg} to their instance, writes what instances send back,
 * keeps a disconnected session for {@code resumeSeconds}, and enforces the timeouts. Runs on
 * the gateway verticle's event loop; talks to instances only over the event bus.
 */
final class SessionHub {
  private static final Logger LOG = LoggerFactory.getLogger(SessionHub.class);
  private static final int PLACEMENT_ATTEMPTS = 3;
  private static final long ORPHAN_GRACE_S = 30;
  /** A lost node's instances need the failure detection time plus a start to run again. */
  private static final int RECOVERY_ATTEMPTS = 20;
  private static final long RECOVERY_RETRY_MS = 250;
  private static final DeliveryOptions ADOPT_OPTIONS = new DeliveryOptions().setSendTimeout(1_000);

  private final Vertx vertx;
  private final GatewayConfig config;
  private final String address;
  private final Placement placement;
  private final SessionDirectory directory;
  private final GamebusMetrics metrics;
  private final DeliveryOptions joinOptions;
  private final Map<String, ClientSession> sessions = new HashMap<>();
  /**
   * Sessions whose join is on its way: the game's join hook runs on the instance before the
   * instance's answer comes back, and what it pushes then (the arena's whole state) is held
   * here and written right after the welcome instead of being dropped.
   */
  private final Map<String, ClientSession> placing = new HashMap<>();
  private final Set<ClientConnection> connections = new LinkedHashSet<>();
  private boolean accepting = true;
  /** Sessions whose instance died with its node, by instance id, until it runs again elsewhere. */
  private final Map<String, Set<String>> orphans = new HashMap<>();
  private long orphanedAt;

  SessionHub(Vertx vertx, GatewayConfig config, String address, Placement placement,
             SessionDirectory directory, GamebusMetrics metrics) {
    this.vertx = vertx;
    this.config = config;
    this.address = address;
    this.placement = placement;
    this.directory = directory;
    this.metrics = metrics;
    this.joinOptions = new DeliveryOptions().setSendTimeout(config.requestTimeoutMs());
  }

  void connected(ClientConnection connection) {
    connections.add(connection);
    metrics.connections().incrementAndGet();
  }

  void handle(ClientConnection connection, ClientMessage message) {
    if (message instanceof ClientMessage.Msg msg) {
      relay(connection, msg);
    } else if (message instanceof ClientMessage.Ping ping) {
      connection.send(new ServerMessage.Pong(ping.id()));
    } else if (message instanceof ClientMessage.Hello hello) {
      hello(connection, hello);
    } else if (message instanceof ClientMessage.Bye) {
      ClientSession session = connection.session;
      if (session != null) {
        end(session);
      }
      connection.close("bye");
    }
  }

  // ---- hello -----------------------------------------------------------------------------

  private void hello(ClientConnection connection, ClientMessage.Hello hello) {
    if (connection.session != null || connection.helloPending) {
      connection.error(ErrorCode.BAD_REQUEST, hello.id(), "this connection already has a session; send bye to leave it");
      return;
    }
    if (!accepting) {
      connection.error(ErrorCode.UNAVAILABLE, hello.id(), "this node is shutting down; connect to another gateway");
      return;
    }
    connection.helloPending = true;
    if (hello.resume() != null) {
      resume(connection, hello);
    } else {
      String game = hello.game() != null ? hello.game() : config.defaultGame();
      place(connection, hello, game, PLACEMENT_ATTEMPTS);
    }
  }

  private void place(ClientConnection connection, ClientMessage.Hello hello, String game, int attempts) {
    Placement.Choice choice = placement.choose(game);
    if (!choice.placed()) {
      refuseHello(connection, hello, choice.error(), choice.message());
      return;
    }
    InstanceInfo chosen = choice.instance();
    String instanceId = chosen.id();
    String sessionId = Tokens.random();
    ClientSession session = new ClientSession(sessionId, Tokens.random(), game, instanceId, chosen.version(), chosen.node());
    placing.put(sessionId, session);
    vertx.eventBus().<InstanceBound>request(Addresses.instance(instanceId),
        new InstanceBound.Join(sessionId, address, false), joinOptions).onComplete(ar -> {
          placing.remove(sessionId);
          if (ar.failed()) {
            placement.settle(instanceId, null);
            ErrorCode code = refusal(ar.cause());
            if (attempts > 1 && !connection.isClosed()) {
              place(connection, hello, game, attempts - 1);
            } else {
              refuseHello(connection, hello, code, "could not place the session: " + ar.cause().getMessage());
            }
            return;
          }
          InstanceInfo info = ((InstanceBound.Joined) ar.result().body()).instance();
          placement.settle(instanceId, info);
          connection.helloPending = false;
          session.instance = info.id();
          session.version = info.version();
          session.node = info.node();
          if (connection.isClosed()) {
            // Gone while we were placing it: still a session, resumable like any other.
            open(session);
            detach(session);
            return;
          }
          open(session);
          attach(connection, session, hello.id(), false);
        });
  }

  private static ErrorCode refusal(Throwable cause) {
    if (cause instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
        && reply.failureCode() >= 0 && reply.failureCode() < ErrorCode.values().length) {
      return ErrorCode.values()[reply.failureCode()];
    }
    return ErrorCode.UNAVAILABLE;
  }

  private void refuseHello(ClientConnection connection, ClientMessage.Hello hello, ErrorCode code, String message) {
    connection.helloPending = false;
    connection.error(code, hello.id(), message);
  }

  private void open(ClientSession session) {
    sessions.put(session.id, session);
    metrics.sessions().incrementAndGet();
    directory.put(session, address, 0);
  }

  private void attach(ClientConnection connection, ClientSession session, Long helloId, boolean resumed) {
    ClientConnection previous = session.connection;
    if (previous != null && previous != connection) {
      previous.session = null;
      previous.close("resumed_elsewhere");
    }
    session.connection = connection;
    connection.session = session;
    connection.helloPending = false;
    connection.send(new ServerMessage.Welcome(helloId, session.id, session.resume, session.game,
        session.version, session.instance, session.node, resumed));
    while (!session.held.isEmpty() && session.connection == connection) {
      connection.send(session.held.poll());
    }
  }

  // ---- resume ----------------------------------------------------------------------------

  private void resume(ClientConnection connection, ClientMessage.Hello hello) {
    directory.lookup(hello.resume()).onComplete(ar -> {
      JsonObject entry = ar.succeeded() ? ar.result() : null;
      if (entry == null) {
        refuseHello(connection, hello, ErrorCode.BAD_RESUME, "unknown or expired resume token; send a plain hello");
        return;
      }
      entry.put("resume", hello.resume());
      String sessionId = entry.getString("session");
      String owner = entry.getString("gateway");
      ClientSession local = sessions.get(sessionId);
      if (address.equals(owner) && local != null) {
        if (!connection.isClosed()) {
          attach(connection, local, hello.id(), true);
          directory.put(local, address, 0);
        }
        return;
      }
      takeOver(owner, sessionId).recover(gone -> fromDirectory(entry)).onComplete(taken -> {
        if (taken.failed()) {
          refuseHello(connection, hello, ErrorCode.BAD_RESUME, "the session could not be resumed: " + taken.cause().getMessage());
          return;
        }
        GatewayBound.SessionState state = taken.result();
        InstanceInfo instance = state.instance();
        ClientSession session = new ClientSession(state.session(), state.resume(), state.game(),
            instance.id(), instance.version(), instance.node());
        session.held.addAll(state.pending());
        open(session);
        vertx.eventBus().send(Addresses.instance(instance.id()), new InstanceBound.Rebind(session.id, address));
        if (connection.isClosed()) {
          detach(session);
        } else {
          attach(connection, session, hello.id(), true);
        }
      });
    });
  }

  /**
   * The gateway that held the session is gone (its node died or stopped): take the session from
   * the directory and ask its instance to adopt it here.
   */
  private Future<GatewayBound.SessionState> fromDirectory(JsonObject entry) {
    return fromDirectory(entry, RECOVERY_ATTEMPTS);
  }

  /** Retries while the instance is unreachable: it may be restarting on a survivor after its node died. */
  private Future<GatewayBound.SessionState> fromDirectory(JsonObject entry, int attempts) {
    String sessionId = entry.getString("session");
    String instanceId = entry.getString("instance");
    return vertx.eventBus().<InstanceBound>request(Addresses.instance(instanceId), new InstanceBound.Adopt(
            List.of(new SessionRef(sessionId, address)), MoveReason.NODE_LOST.wireName(), false), ADOPT_OPTIONS)
        .transform(reply -> {
          if (reply.failed()) {
            if (attempts <= 1) {
              return Future.failedFuture("its instance " + instanceId + " is unreachable");
            }
            io.vertx.core.Promise<GatewayBound.SessionState> later = io.vertx.core.Promise.promise();
            vertx.setTimer(RECOVERY_RETRY_MS, t -> fromDirectory(entry, attempts - 1).onComplete(later));
            return later.future();
          }
          if (!((InstanceBound.Adopted) reply.result().body()).sessions().contains(sessionId)) {
            return Future.failedFuture("its instance " + instanceId + " has no room for it");
          }
          return Future.succeededFuture(new GatewayBound.SessionState(sessionId, entry.getString("resume", null),
              entry.getString("game"), new InstanceInfo(instanceId, entry.getString("game"), entry.getString("version"),
                  entry.getString("node"), InstanceInfo.ACTIVE, 0, 0, 0, 0, 0), List.of()));
        });
  }

  private Future<GatewayBound.SessionState> takeOver(String owner, String sessionId) {
    return vertx.eventBus().<GatewayBound>request(owner, new GatewayBound.Handoff(sessionId), joinOptions)
        .map(reply -> (GatewayBound.SessionState) reply.body());
  }

  // ---- traffic ---------------------------------------------------------------------------

  private void relay(ClientConnection connection, ClientMessage.Msg msg) {
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
    vertx.eventBus().send(Addresses.instance(session.instance),
        new InstanceBound.Deliver(session.id, requestId, msg.route(), msg.body()));
  }

  /** What instances send to this gateway. */
  void receive(Message<GatewayBound> message) {
    GatewayBound body = message.body();
    if (body instanceof GatewayBound.Batch batch) {
      batch.items().forEach(this::apply);
    } else if (body instanceof GatewayBound.Moved moved) {
      moved(moved);
      message.reply(null);
    } else if (body instanceof GatewayBound.Handoff handoff) {
      handOff(handoff.session(), message);
    } else {
      apply(body);
    }
  }

  /** A one-way message from a game: frames to write, or sessions to end. */
  private void apply(GatewayBound body) {
    if (body instanceof GatewayBound.Push push) {
      for (String id : push.sessions()) {
        ClientSession session = sessions.get(id);
        deliver(session != null ? session : placing.get(id), push.frame());
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

  private void moved(GatewayBound.Moved moved) {
    String frame = new ServerMessage.Moved(moved.instance(), moved.version(), moved.node(), moved.reason()).encode();
    for (String id : moved.sessions()) {
      ClientSession session = sessions.get(id);
      if (session != null) {
        session.instance = moved.instance();
        session.version = moved.version();
        session.node = moved.node();
        deliver(session, frame);
        directory.put(session, address, session.attached() ? 0 : TimeUnit.SECONDS.toMillis(config.resumeSeconds()));
      }
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

  private void evict(GatewayBound.Evict evict) {
    for (String id : evict.sessions()) {
      ClientSession session = sessions.get(id);
      if (session == null) {
        continue;
      }
      ClientConnection connection = session.connection;
      end(session);
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

  private void handOff(String sessionId, Message<GatewayBound> message) {
    ClientSession session = sessions.remove(sessionId);
    if (session == null) {
      message.fail(404, "no session " + sessionId + " here");
      return;
    }
    metrics.sessions().decrementAndGet();
    ClientConnection connection = session.connection;
    if (connection != null) {
      connection.session = null;
      connection.close("resumed_elsewhere");
    }
    InstanceInfo instance = new InstanceInfo(session.instance, session.game, session.version, session.node,
        InstanceInfo.ACTIVE, 0, 0, 0, 0, 0);
    message.reply(new GatewayBound.SessionState(session.id, session.resume, session.game, instance,
        new ArrayList<>(session.held)));
  }

  // ---- ends ------------------------------------------------------------------------------

  void disconnected(ClientConnection connection) {
    if (connections.remove(connection)) {
      metrics.connections().decrementAndGet();
    }
    ClientSession session = connection.session;
    connection.session = null;
    if (session != null && session.connection == connection) {
      detach(session);
    }
  }

  private void detach(ClientSession session) {
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
  private void end(ClientSession session) {
    if (sessions.remove(session.id) == null) {
      return;
    }
    metrics.sessions().decrementAndGet();
    directory.remove(session.resume);
    vertx.eventBus().send(Addresses.instance(session.instance), new InstanceBound.Leave(session.id));
    if (session.connection != null) {
      session.connection.session = null;
      session.connection = null;
    }
  }

  /** A node died: its instances' sessions here wait for those instances to run again elsewhere. */
  void nodeLost(RegistryEvent.NodeLost lost) {
    Set<String> lostIds = new java.util.HashSet<>();
    lost.instances().forEach(i -> lostIds.add(i.id()));
    for (ClientSession session : sessions.values()) {
      if (lostIds.contains(session.instance)) {
        orphans.computeIfAbsent(session.instance, id -> new LinkedHashSet<>()).add(session.id);
      }
    }
    if (!orphans.isEmpty()) {
      orphanedAt = System.nanoTime();
      LOG.info("node {} lost: {} sessions here wait for their instances {} to run again", lost.node(),
          orphans.values().stream().mapToInt(Set::size).sum(), orphans.keySet());
    }
  }

  /** Hands orphaned sessions to their instance once it runs on a live node; gives up after the resume window. */
  private void adoptOrphans(long now) {
    for (Iterator<Map.Entry<String, Set<String>>> it = orphans.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Set<String>> orphaned = it.next();
      InstanceInfo revived = placement.instance(orphaned.getKey());
      List<SessionRef> refs = new ArrayList<>();
      for (String id : orphaned.getValue()) {
        ClientSession session = sessions.get(id);
        if (session != null && orphaned.getKey().equals(session.instance)) {
          refs.add(new SessionRef(id, address));
        }
      }
      if (refs.isEmpty()) {
        it.remove();
      } else if (revived != null && revived.isActive() && !revived.node().equals(sessions.get(refs.get(0).session()).node)) {
        it.remove();
        LOG.info("instance {} runs again on {}: handing it {} sessions", revived.id(), revived.node(), refs.size());
        // Right after a node dies, the cluster may still route its old address there: retry until it answers.
        vertx.eventBus().request(Addresses.instance(revived.id()),
            new InstanceBound.Adopt(refs, MoveReason.NODE_LOST.wireName(), false), ADOPT_OPTIONS)
            .onFailure(e -> {
              LOG.info("instance {} did not take {} sessions yet ({}); retrying", revived.id(), refs.size(), e.getMessage());
              Set<String> again = orphans.computeIfAbsent(revived.id(), id -> new LinkedHashSet<>());
              refs.forEach(ref -> again.add(ref.session()));
            });
      } else if (now - orphanedAt > TimeUnit.SECONDS.toNanos(Math.max(ORPHAN_GRACE_S, config.resumeSeconds()))) {
        it.remove();
        List<String> ids = refs.stream().map(SessionRef::session).toList();
        evict(new GatewayBound.Evict(ids, ErrorCode.UNAVAILABLE.wireName(),
            "the node running your game instance was lost and it could not be restarted", "unavailable"));
      }
    }
  }

  /** Idle connections, requests past their timeout, detached sessions past the resume window. */
  void sweep() {
    long now = System.nanoTime();
    if (!orphans.isEmpty()) {
      adoptOrphans(now);
    }
    long idle = TimeUnit.SECONDS.toNanos(config.idleSeconds());
    for (ClientConnection connection : new ArrayList<>(connections)) {
      if (now - connection.lastActivity > idle) {
        connection.close("idle");
      }
    }
    long timeout = TimeUnit.MILLISECONDS.toNanos(config.requestTimeoutMs());
    long window = TimeUnit.SECONDS.toNanos(config.resumeSeconds());
    List<ClientSession> expired = new ArrayList<>();
    Map<ClientSession, List<Long>> late = new HashMap<>();
    for (ClientSession session : sessions.values()) {
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
    expired.forEach(this::end);
  }

  /** Stops taking sessions and closes every connection with {@code closing} reason {@code shutdown}. */
  void shutdown() {
    accepting = false;
    // Its clients will resume on another gateway: let their entries expire like any detached session's.
    long window = TimeUnit.SECONDS.toMillis(Math.max(1, config.resumeSeconds()));
    sessions.values().forEach(session -> directory.put(session, address, window));
    for (ClientConnection connection : new ArrayList<>(connections)) {
      connection.close("shutdown");
    }
  }

  void stopAccepting() {
    accepting = false;
  }

  int sessionCount() {
    return sessions.size();
  }

  static void logBadPeer(String who, Throwable t) {
    LOG.debug("connection {} failed: {}", who, t.toString());
  }
}
