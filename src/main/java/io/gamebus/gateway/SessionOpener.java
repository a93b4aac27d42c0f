package io.gamebus.gateway;

import io.gamebus.auth.TokenRefusedException;
import io.gamebus.auth.TokenVerifier;
import io.gamebus.bus.Addresses;
import io.gamebus.bus.ErrorReply;
import io.gamebus.bus.Identity;
import io.gamebus.bus.InstanceBound;
import io.gamebus.bus.InstanceInfo;
import io.gamebus.config.GatewayConfig;
import io.gamebus.config.Tokens;
import io.gamebus.placement.Placement;
import io.gamebus.protocol.ClientMessage;
import io.gamebus.protocol.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

/**
 * Answers {@code hello}: its token is verified first (when {@code auth} is configured); a
 * {@code resume} goes to the {@link SessionResumer}; otherwise a new session is placed
 * ({@link Placement} picks the instance, which must accept the join; a refusal is tried on
 * another instance, up to three times). Lives on the gateway verticle's event loop.
 */
final class SessionOpener {
  private static final int PLACEMENT_ATTEMPTS = 3;

  private final Vertx vertx;
  private final GatewayConfig config;
  private final String address;
  private final Placement placement;
  private final SessionTable sessions;
  /** Null when authentication is off: tokens are ignored. */
  private final TokenVerifier verifier;
  private final UserSessions users;
  private final HelloAnswers answers;
  private final SessionResumer resumer;
  private final DeliveryOptions joinOptions;
  private boolean accepting = true;

  SessionOpener(Vertx vertx, GatewayConfig config, String address, Placement placement, SessionTable sessions,
                TokenVerifier verifier, UserSessions users, HelloAnswers answers, SessionResumer resumer) {
    this.vertx = vertx;
    this.config = config;
    this.address = address;
    this.placement = placement;
    this.sessions = sessions;
    this.verifier = verifier;
    this.users = users;
    this.answers = answers;
    this.resumer = resumer;
    this.joinOptions = new DeliveryOptions().setSendTimeout(config.requestTimeoutMs());
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
        answers.refuse(connection, hello, ErrorCode.UNAUTHORIZED, ar.cause() instanceof TokenRefusedException
            ? ar.cause().getMessage() : "the token could not be checked: " + ar.cause());
      } else if (!accepting) {
        answers.refuse(connection, hello, ErrorCode.UNAVAILABLE, "this node is shutting down; connect to another gateway");
      } else {
        open(connection, hello, ar.result());
      }
    });
  }

  private void open(ClientConnection connection, ClientMessage.Hello hello, Identity identity) {
    if (hello.resume() != null) {
      resumer.resume(connection, hello, identity);
      return;
    }
    String game = hello.game() != null ? hello.game() : config.defaultGame();
    String sessionId = Tokens.random();
    users.admit(identity, sessionId).onComplete(admitted -> {
      if (admitted.failed()) {
        answers.refuse(connection, hello, ErrorCode.UNAUTHORIZED, admitted.cause().getMessage());
      } else {
        place(connection, hello, game, sessionId, identity, PLACEMENT_ATTEMPTS);
      }
    });
  }

  private void place(ClientConnection connection, ClientMessage.Hello hello, String game, String sessionId,
                     Identity identity, int attempts) {
    Placement.Choice choice = placement.choose(game);
    if (!choice.placed()) {
      users.abandoned(identity, sessionId);
      answers.refuse(connection, hello, choice.error(), choice.message());
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
              answers.refuse(connection, hello, code, "could not place the session: " + ar.cause().getMessage());
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
          answers.welcome(connection, session, hello.id(), false, identity);
        });
  }

  private static ErrorCode refusal(Throwable cause) {
    ErrorCode code = ErrorReply.codeOf(cause);
    return code != null ? code : ErrorCode.UNAVAILABLE;
  }
}
