package io.gamebus.config;

import io.vertx.core.Future;
import java.net.BindException;

/**
 * A configured address a server could not listen on: the failure names the address and the
 * key that set it, so an operator knows which port to free or change.
 */
public final class PortInUse extends RuntimeException {
  private PortInUse(String message, Throwable cause) {
    super(message, cause);
  }

  /** {@code listening}, its failure to bind explained as {@code host:port is in use (key)}. */
  public static <T> Future<T> explain(Future<T> listening, String key, String host, int port) {
    return listening.recover(e -> Future.failedFuture(isBindFailure(e) ? of(key, host, port, e) : e));
  }

  public static PortInUse of(String key, String host, int port, Throwable cause) {
    return new PortInUse(host + ":" + port + " is in use (" + key + "); stop what holds it or set " + key
        + " to a free port", cause);
  }

  /** Whether {@code e} (or a cause of it) says an address could not be bound. */
  public static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }
}
