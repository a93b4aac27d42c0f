package io.gamebus.auth;

/** A token refused at {@code hello}; the message says why, for the client's {@code unauthorized} error. */
public final class TokenRefusedException extends RuntimeException {
  TokenRefusedException(String message) {
    super(message, null, false, false);
  }
}
