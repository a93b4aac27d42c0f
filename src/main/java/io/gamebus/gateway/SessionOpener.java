package io.gamebus.gateway;

import io.gamebus.auth.TokenRefusedException;
import io.gamebus.auth.TokenVerifier;
import io.gamebus.bus.Addresses;
import io.gamebus.bus.ErrorReply;
import io.gamebus.bus.GatewayBound;
import io.gamebus.bus.Identity;
import io.gamebus.bus.InstanceBound;
import io.gamebus.bus.InstanceInfo;
import io.gamebus.bus.SessionRef;
import io.gamebus.config.GatewayConfig;
import io.gamebus.config.Tokens;
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
 * Answers {@code hello}: its token is verified first (when {@code auth} is configured), then a
 * new session is placed ({@link Placement} picks the instance, which
 * must accept the join); a resumed one is taken back from this gateway, from the gateway that
 * holds it ({@code Handoff}, answered here too), or, if that one is gone or does not answer in
 * time, from the {@link SessionDirectory} and its instance (or the one that took over its
 * players); a session is resumed only by its own user. Every wait on the cluster is bounded, so
 * a resume is always answered: a {@code welcome}, {@code bad_resume} (unknown or expired, or
 * another user's), or {@code unavailable} (the cluster could not say in time; the client may
 * resume again). Lives on the gateway verticle's event loop.
 */
final class SessionOpener {
  private static final int PLACEMENT_ATTEMPTS = 3;
  /** A gateway that does not hand a session over within this is taken as gone. */
  private static final long HANDOFF_TIMEOUT_MS = 1_000;
  /**
   * How long a resume is held while the session's instance, lost with its node, is taken over
   * elsewhere: failure detection (5 s for a silent node), the bounded snapshot read, a start.
   */
  private static final long RECOVERY_WAIT_MS = 15_000;
  private static final long RECOVERY_RETRY_MS = 100;

  private final Vertx vertx;
  private final GatewayConfig config;
  private final String address;
  private final Placement placement;
  private final SessionDirectory directory;
  private final SessionTable sessions;
  private final InstanceSender sender;
  /** Null when authentication is off: tokens are ignored. */
  private final TokenVerifier verifier;
  private final UserSessions users;
  private final boolean closeOnExpiry;
  private final DeliveryOptions joinOptions;
  private final DeliveryOptions handoffOptions;
  private boolean accepting = true;

  SessionOpener(Vertx vertx, GatewayConfig config, String address, Placement placement, SessionDirectory directory,
                SessionTable sessions, InstanceSender sender, TokenVerifier verifier, UserSessions users,
                boolean closeOnExpiry) {
    this.vertx = vertx;
    this.sender = sender;
    this.config = config;
    this.address = address;
    this.placement = placement;
    this.directory = directory;
    this.sessions = sessions;
    this.verifier = verifier;
    this.users = users;
    this.closeOnExpiry = closeOnExpiry;
    this.joinOptions = new DeliveryOptions().setSendTimeout(config.requestTimeoutMs());
    this.handoffOptions = new DeliveryOptions().setSendTimeout(Math.min(HANDOFF_TIMEOUT_MS, config.requestTimeoutMs()));
  }

  /** From now on, {@code hello} is refused ({@code unavailable}). */
  void stopAccepting() {
    accepting = false;
  }

  void hello(ClientConnection connection, ClientMessage.Hello hello) {
    if (connection.session != null || connection.helloPending) {
      connection.error(ErrorCode.BAD_REQUEST, hello.id(), "this connection already has a session; send bye to leave it");
      return;
    }
    connection.helloPending = true;
    Future<Identity> verified = verifier == null ? Future.succeededFuture() : verifier.verify(hello.token());
    verified.onComplete(ar -> {
      if (ar.failed()) {
        refuseHello(connection, hello, ErrorCode.UNAUTHORIZED, ar.cause() instanceof TokenRefusedException
            ? ar.cause().getMessage() : "the token could not be checked: " + ar.cause());
      } else if (!accepting) {
        refuseHello(connection, hello, ErrorCode.UNAVAILABLE, "this node is shutting down; connect to another gateway");
      } else {
        open(connection, hello, ar.result());
      }
    });
  }

  private void open(ClientConnection connection, ClientMessage.Hello hello, Identity identity) {
    if (hello.resume() != null) {
      resume(connection, hello, identity);
      return;
    }
    String game = hello.game() != null ? hello.game() : config.defaultGame();
    String sessionId = Tokens.random();
    users.admit(identity, sessionId).onComplete(admitted -> {
      if (admitted.failed()) {
        refuseHello(connection, hello, ErrorCode.UNAUTHORIZED, admitted.cause().getMessage());
      } else {
        place(connection, hello, game, sessionId, identity, PLACEMENT_ATTEMPTS);
      }
    });
  }

  /** Welcomes the client into its session; with {@code onExpiry close}, until its token expires. */
  private void attach(ClientConnection connection, ClientSession session, Long helloId, boolean resumed,
                      Identity presented) {
    sessions.attach(connection, session, helloId, resumed);
    users.opened(session);
    if (closeOnExpiry && presented != null && presented.expiresAt() > 0) {
      connection.tokenExpiresAt = presented.expiresAt() * 1000;
    }
  }

  // ---- placement ---------------------------------------------------------------------------

  private void place(ClientConnection connection, ClientMessage.Hello hello, String game, String sessionId,
                     Identity identity, int attempts) {
    Placement.Choice choice = placement.choose(game);
    if (!choice.placed()) {
      users.abandoned(identity, sessionId);
      refuseHello(connection, hello, choice.error(), choice.message());
      return;
    }
    InstanceInfo chosen = choice.instance();
    String instanceId = chosen.id();
    ClientSession session = new ClientSession(sessionId, Tokens.random(), game, instanceId, chosen.version(),
        chosen.node(), identity);
    sessions.placing(session);
    vertx.eventBus().<InstanceBound>request(Addresses.instance(instanceId),
        new InstanceBound.Join(sessionId, address, false, identity), joinOptions).onComplete(ar -> {
          sessions.placed(sessionId);
          if (ar.failed()) {
            placement.settle(instanceId, null);
            ErrorCode code = refusal(ar.cause());
            if (attempts > 1 && !connection.isClosed()) {
              place(connection, hello, game, sessionId, identity, attempts - 1);
            } else {
              users.abandoned(identity, sessionId);
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
            sessions.open(session);
            users.opened(session);
            sessions.detach(session);
            return;
          }
          sessions.open(session);
          attach(connection, session, hello.id(), false, identity);
        });
  }

  private static ErrorCode refusal(Throwable cause) {
    ErrorCode code = ErrorReply.codeOf(cause);
    return code != null ? code : ErrorCode.UNAVAILABLE;
  }

  private void refuseHello(ClientConnection connection, ClientMessage.Hello hello, ErrorCode code, String message) {
    connection.helloPending = false;
    connection.error(code, hello.id(), message);
  }

  // ---- resume ------------------------------------------------------------------------------

  private void resume(ClientConnection connection, ClientMessage.Hello hello, Identity presented) {
    directory.lookup(hello.resume()).onComplete(ar -> {
      if (ar.failed()) {
        refuseHello(connection, hello, ErrorCode.UNAVAILABLE,
            "the session directory did not answer in time (" + ar.cause().getMessage() + "); send the resume again");
        return;
      }
      JsonObject entry = ar.result();
      if (entry == null) {
        refuseHello(connection, hello, ErrorCode.BAD_RESUME, "unknown or expired resume token; send a plain hello");
        return;
      }
      Identity whose = Identity.fromJson(entry.getJsonObject("identity"));
      if (!Objects.equals(Identity.userOf(whose), Identity.userOf(presented))) {
        refuseHello(connection, hello, ErrorCode.BAD_RESUME, whose == null
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
          attach(connection, local, hello.id(), true, presented);
          directory.put(local, address, 0);
        }
        return;
      }
      takeOver(owner, sessionId).recover(gone -> fromDirectory(entry)).onComplete(taken -> {
        if (taken.failed()) {
          refuseHello(connection, hello, ErrorCode.UNAVAILABLE, "the session could not be resumed now: "
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
          attach(connection, session, hello.id(), true, presented);
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
