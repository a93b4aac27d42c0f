package io.gamebus.protocol;

/**
 * The {@code code} of an {@code error} message. The wire name is the lower-case constant
 * name; the order of the constants up to {@link #NO_SESSION} is the precedence the contract
 * gives when several apply (earlier wins).
 */
public enum ErrorCode {
  /** The transport frame itself is broken; the connection is closed after it. */
  BAD_FRAME,
  /** A frame longer than {@code gateway.maxFrameBytes}; the connection is closed after it. */
  TOO_LARGE,
  /** Over {@code gateway.maxMessagesPerSecond}; this message was dropped. */
  RATE_LIMITED,
  /** Not valid JSON, not a JSON object, or an empty TCP frame. */
  BAD_JSON,
  /** A JSON object without a string {@code type}, or with a missing or ill-typed field. */
  BAD_REQUEST,
  /** A {@code type} the protocol does not have. */
  UNKNOWN_TYPE,
  /** Game traffic before {@code hello}. */
  NO_SESSION,
  /** {@code hello} named a game no node knows. */
  NO_GAME,
  /** The game is known but has no active instance. */
  UNAVAILABLE,
  /** Every active instance of the game is at capacity. */
  FULL,
  /** The credential in {@code hello} was refused. */
  UNAUTHORIZED,
  /** The {@code resume} token is unknown or expired; send a plain {@code hello}. */
  BAD_RESUME,
  /** The game failed while handling this message. */
  GAME_ERROR,
  /** The game did not answer within {@code gateway.requestTimeoutMs}. */
  TIMEOUT;

  /** The code as it appears on the wire, e.g. {@code "bad_json"}. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Whether the connection is closed after this error. */
  public boolean closesConnection() {
    return this == BAD_FRAME || this == TOO_LARGE;
  }

  /** The code for a wire name, or {@code null} for a game's own code. */
  public static ErrorCode fromWire(String name) {
    for (ErrorCode code : values()) {
      if (code.wireName().equals(name)) {
        return code;
      }
    }
    return null;
  }
}
