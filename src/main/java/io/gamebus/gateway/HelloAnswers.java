package io.gamebus.gateway;

import io.gamebus.bus.Identity;
import io.gamebus.protocol.ClientMessage;
import io.gamebus.protocol.ErrorCode;

/**
 * The two ways a {@code hello} ends, for new and resumed sessions alike: the client welcomed
 * into its session, or refused with an error code. Either way the connection may say hello again.
 */
final class HelloAnswers {
  private final SessionTable sessions;
  private final UserSessions users;
  private final boolean closeOnExpiry;

  HelloAnswers(SessionTable sessions, UserSessions users, boolean closeOnExpiry) {
    this.sessions = sessions;
    this.users = users;
    this.closeOnExpiry = closeOnExpiry;
  }

  /** Welcomes the client into its session; with {@code onExpiry close}, until its token expires. */
  void welcome(ClientConnection connection, ClientSession session, Long helloId, boolean resumed, Identity presented) {
    sessions.attach(connection, session, helloId, resumed);
    users.opened(session);
    if (closeOnExpiry && presented != null && presented.expiresAt() > 0) {
      connection.tokenExpiresAt = presented.expiresAt() * 1000;
    }
  }

  void refuse(ClientConnection connection, ClientMessage.Hello hello, ErrorCode code, String message) {
    connection.helloPending = false;
    connection.error(code, hello.id(), message);
  }
}
