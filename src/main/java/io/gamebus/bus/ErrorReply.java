package io.gamebus.bus;

import io.gamebus.protocol.ErrorCode;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * A request refused with an {@link ErrorCode} (a join over capacity: {@code full}), and the code
 * read back by the requester, on this node or across the cluster: the failure code of the
 * {@link ReplyException} is a number fixed per error code here, never its ordinal, so reordering
 * the enum cannot change what nodes tell each other. It stays clear of the HTTP statuses other
 * failures carry to the admin API (404, 500).
 */
public final class ErrorReply {
  private ErrorReply() {}

  /** Fails {@code request} with {@code code}; the requester reads it back with {@link #codeOf}. */
  public static void fail(Message<?> request, ErrorCode code, String message) {
    request.fail(failureCode(code), message);
  }

  /** The error code a request was failed with by {@link #fail}, or null for any other failure. */
  public static ErrorCode codeOf(Throwable failure) {
    if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
      for (ErrorCode code : ErrorCode.values()) {
        if (failureCode(code) == reply.failureCode()) {
          return code;
        }
      }
    }
    return null;
  }

  /** Exhaustive, so a new error code does not compile until it has its number. */
  static int failureCode(ErrorCode code) {
    return switch (code) {
      case BAD_FRAME -> 1001;
      case TOO_LARGE -> 1002;
      case RATE_LIMITED -> 1003;
      case BAD_JSON -> 1004;
      case BAD_REQUEST -> 1005;
      case UNKNOWN_TYPE -> 1006;
      case NO_SESSION -> 1007;
      case NO_GAME -> 1008;
      case UNAVAILABLE -> 1009;
      case FULL -> 1010;
      case UNAUTHORIZED -> 1011;
      case BAD_RESUME -> 1012;
      case GAME_ERROR -> 1013;
      case TIMEOUT -> 1014;
    };
  }
}
