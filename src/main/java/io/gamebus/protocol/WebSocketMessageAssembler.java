package io.gamebus.protocol;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;

/**
 * Joins WebSocket data frames (text or binary, plus continuations) into messages, refusing one
 * that grows past the limit as soon as it does, not after buffering all of it.
 */
public final class WebSocketMessageAssembler {
  /** What the assembler made of a frame. */
  public enum Result { INCOMPLETE, MESSAGE, TOO_LARGE, CONTROL }

  private final int maxBytes;
  private Buffer partial;
  private Buffer message;

  public WebSocketMessageAssembler(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  public Result accept(WebSocketFrame frame) {
    if (!frame.isText() && !frame.isBinary() && !frame.isContinuation()) {
      return Result.CONTROL;
    }
    Buffer data = frame.binaryData();
    Buffer whole = frame.isContinuation() && partial != null ? partial.appendBuffer(data) : data;
    if (whole.length() > maxBytes) {
      partial = null;
      return Result.TOO_LARGE;
    }
    if (!frame.isFinal()) {
      partial = whole == data ? data.copy() : whole;
      return Result.INCOMPLETE;
    }
    partial = null;
    message = whole;
    return Result.MESSAGE;
  }

  /** The message completed by the last frame that returned {@link Result#MESSAGE}. */
  public Buffer message() {
    return message;
  }
}
