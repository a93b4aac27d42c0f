package io.gamebus.config;

/** A configuration the node cannot run with; the message names the key and how to fix it. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
