package io.gamebus.hotswap;

import java.util.Objects;

/**
 * A jar that cannot run as a game. The message names the jar, what is wrong and how to fix
 * it; {@link #reason()} says which check failed (the admin API answers 400 with the message).
 */
public final class InvalidGameJarException extends RuntimeException {

  /** Which check a game jar failed, in the order they are made. */
  public enum Reason {
    /** The file is missing, unreadable, or not a zip/jar. */
    NOT_A_JAR,
    /** The jar has no {@code META-INF/MANIFEST.MF}, or one that cannot be parsed. */
    NO_MANIFEST,
    /** {@code Gamebus-Game}, {@code Gamebus-Version} or {@code Gamebus-Class} is missing or blank. */
    MISSING_ATTRIBUTE,
    /** {@code Gamebus-Game} is not a valid game name. */
    BAD_NAME,
    /** {@code Gamebus-Version} is not a valid version. */
    BAD_VERSION,
    /** {@code Gamebus-Class} is not a class of the jar. */
    CLASS_NOT_FOUND,
    /** The class is in the jar but cannot be loaded: a dependency is missing, or it targets a newer Java. */
    CLASS_NOT_LOADABLE,
    /** The class does not implement {@code io.gamebus.api.Game}. */
    NOT_A_GAME,
    /** The class is not public, is abstract or an interface, or has no public no-argument constructor. */
    NOT_INSTANTIABLE,
    /** The class's constructor or static initializer threw. */
    CONSTRUCTOR_FAILED
  }

  private final Reason reason;

  public InvalidGameJarException(Reason reason, String message) {
    this(reason, message, null);
  }

  public InvalidGameJarException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Which check failed. */
  public Reason reason() {
    return reason;
  }
}
