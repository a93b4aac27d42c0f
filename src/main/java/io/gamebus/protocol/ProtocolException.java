package io.gamebus.protocol;

/** A client message the gateway refuses, with the error code and request id to answer with. */
public final class ProtocolException extends RuntimeException {
  private final ErrorCode code;
  private final Long requestId;

  public ProtocolException(ErrorCode code, String message, Long requestId) {
    super(message, null, false, false);
    this.code = code;
    this.requestId = requestId;
  }

  public ErrorCode code() {
    return code;
  }

  /** The {@code id} of the message that failed, or null if it had none (or an invalid one). */
  public Long requestId() {
    return requestId;
  }
}
