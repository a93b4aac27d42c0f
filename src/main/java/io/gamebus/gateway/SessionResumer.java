package io.gamebus.gateway;

import io.gamebus.bus.Addresses;
import io.gamebus.bus.GatewayBound;
import io.gamebus.bus.Identity;
import io.gamebus.bus.InstanceBound;
import io.gamebus.bus.InstanceInfo;
import io.gamebus.bus.SessionRef;
import io.gamebus.config.GatewayConfig;
import io.gamebus.placement.Placement;
import io.gamebus.protocol.ClientMessage;
import io.gamebus.protocol.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Answers a {@code hello} with a {@code resume} token, and hands this gateway's sessions to
 * others that resume them. A session is taken back from this gateway, from the gateway that
 * holds it ({@code Handoff}), or, if that one is gone or does not answer in time, from the
 * {@link SessionDirectory} and its instance (or the one that took over its players); a session
 * is resumed only by its own user. Every wait on the cluster is bounded, so a resume is always
 * answered: a {@code welcome}, {@code bad_resume} (unknown or expired, or another user's), or
 * {@code unavailable} (the cluster could not say in time; the client may resume again). Lives on
 * the gateway verticle's event loop.
 */
final class SessionResumer {
  /** A gateway that does not hand a session over within this is taken as gone. */
  private static final long HANDOFF_TIMEOUT_MS = 1_000;
  /**
   * How long a resume is held while the session's instance, lost with its node, is taken over
   * elsewhere: failure detection (5 s for a silent node), the bounded snapshot read, a start.
   */
  private static final long RECOVERY_WAIT_MS = 15_000;
  private static final long RECOVERY_RETRY_MS = 100;

  private final Vertx vertx;
  private final String address;
  private final Placement placement;
  private final SessionDirectory directory;
  private final SessionTable sessions;
  private final InstanceSender sender;
  private final HelloAnswers answers;
  private final DeliveryOptions handoffOptions;

  SessionResumer(Vertx vertx, GatewayConfig config, String address, Placement placement, SessionDirectory directory,
                 SessionTable sessions, InstanceSender sender, HelloAnswers answers) {
    this.vertx = vertx;
    this.address = address;
    this.placement = placement;
    this.directory = directory;
    this.sessions = sessions;
    this.sender = sender;
    this.answers = answers;
    this.handoffOptions = new DeliveryOptions().setSendTimeout(Math.min(HANDOFF_TIMEOUT_MS, config.requestTimeoutMs()));
  }

  void resume(ClientConnection connection, ClientMessage.Hello hello, Identity presented) {
    directory.lookup(hello.resume()).onComplete(ar -> {
      if (ar.failed()) {
        answers.refuse(connection, hello, ErrorCode.UNAVAILABLE,
            "the session directory did not answer in time (" + ar.cause().getMessage() + "); send the resume again");
        return;
      }
      JsonObject entry = ar.result();
      if (entry == null) {
        answers.refuse(connection, hello, ErrorCode.BAD_RESUME, "unknown or expired resume token; send a plain hello");
        return;
      }
      Identity whose = Identity.fromJson(entry.getJsonObject("identity"));
      if (!Objects.equals(Identity.userOf(whose), Identity.userOf(presented))) {
        answers.refuse(connection, hello, ErrorCode.BAD_RESUME, whose == null
            ? "that session is anonymous: resume it without a token, or send a plain hello"
            : "that session belongs to another user: resume it with its own user's token, or send a plain hello");
        return;
      }
      entry.put("resume", hello.resume());
      String sessionId = entry.getString("session");
      String owner = entry.getString("gateway");
      ClientSession local = sessions.get(sessionId);
      if (address.equals(owner) && local != null) {
        if (!connection.isClosed()) {
          answers.welcome(connection, local, hello.id(), true, presented);
          directory.put(local, address, 0);
        }
        return;
      }
      takeOver(owner, sessionId).recover(gone -> fromDirectory(entry)).onComplete(taken -> {
        if (taken.failed()) {
          answers.refuse(connection, hello, ErrorCode.UNAVAILABLE, "the session could not be resumed now: "
              + taken.cause().getMessage() + "; send the resume again");
          return;
        }
        GatewayBound.SessionState state = taken.result();
        InstanceInfo instance = state.instance();
        ClientSession session = new ClientSession(state.session(), state.resume(), state.game(),
            instance.id(), instance.version(), instance.node(), state.identity());
        session.held.addAll(state.pending());
        sessions.open(session);
        sender.send(instance.id(), new InstanceBound.Rebind(session.id, address));
        if (connection.isClosed()) {
          sessions.detach(session);
        } else {
          answers.welcome(connection, session, hello.id(), true, presented);
        }
      });
    });
  }

  /**
   * The gateway that held the session is gone (its node died or stopped): take the session from
   * the directory and ask its instance, or the one that took over its players, to adopt it here.
   */
  private Future<GatewayBound.SessionState> fromDirectory(JsonObject entry) {
    return fromDirectory(entry, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RECOVERY_WAIT_MS));
  }

  /** Retried until the deadline while no instance takes it: its own may be being taken over after a loss. */
  private Future<GatewayBound.SessionState> fromDirectory(JsonObject entry, long deadline) {
    String sessionId = entry.getString("session");
    String lost = entry.getString("instance");
    Identity identity = Identity.fromJson(entry.getJsonObject("identity"));
    InstanceInfo instance = placement.current(lost);
    Future<Message<InstanceBound>> asked = instance == null
        ? Future.failedFuture("instance " + lost + " is not running and nothing has taken it over yet")
        : OrphanedSessions.askToAdopt(vertx, instance.id(), List.of(new SessionRef(sessionId, address, identity)));
    return asked.transform(reply -> {
      if (reply.succeeded() && ((InstanceBound.Adopted) reply.result().body()).sessions().contains(sessionId)) {
        return Future.succeededFuture(new GatewayBound.SessionState(sessionId, entry.getString("resume", null),
            entry.getString("game"), instance, List.of(), identity));
      }
      String why = reply.failed() ? reply.cause().getMessage() : "instance " + instance.id() + " did not take it";
      if (System.nanoTime() - deadline > 0) {
        return Future.failedFuture("its game instance could not take it within " + RECOVERY_WAIT_MS + " ms: " + why);
      }
      Promise<GatewayBound.SessionState> later = Promise.promise();
      vertx.setTimer(RECOVERY_RETRY_MS, t -> fromDirectory(entry, deadline).onComplete(later));
      return later.future();
    });
  }

  /** Asks the gateway holding the session for it; fails at once if that gateway's node is known to be gone. */
  private Future<GatewayBound.SessionState> takeOver(String owner, String sessionId) {
    String ownerNode = Addresses.nodeOfGateway(owner);
    if (ownerNode == null || !placement.knowsNode(ownerNode)) {
      return Future.failedFuture("its gateway's node " + ownerNode + " left the cluster");
    }
    return vertx.eventBus().<GatewayBound>request(owner, new GatewayBound.Handoff(sessionId), handoffOptions)
        .map(reply -> (GatewayBound.SessionState) reply.body());
  }

  /** Another gateway resumes one of our sessions: it gets the session, held pushes included. */
  void handOff(String sessionId, Message<GatewayBound> message) {
    ClientSession session = sessions.handOff(sessionId);
    if (session == null) {
      message.fail(404, "no session " + sessionId + " here");
      return;
    }
    ClientConnection connection = session.connection;
    if (connection != null) {
      connection.session = null;
      connection.close("resumed_elsewhere");
    }
    InstanceInfo instance = new InstanceInfo(session.instance, session.game, session.version, session.node,
        InstanceInfo.ACTIVE, 0, 0, 0, 0, 0);
    message.reply(new GatewayBound.SessionState(session.id, session.resume, session.game, instance,
        new ArrayList<>(session.held), session.identity));
  }
}
