package io.gamebus.protocol;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

/**
 * Splits a TCP byte stream into frames (the format is in the {@linkplain io.gamebus.protocol
 * package documentation}), whatever way the stream is cut into reads.
 *
 * A length above the limit is reported through {@code tooLarge} at once, before its bytes
 * arrive, and the decoder then ignores the rest of the stream (the connection is closing).
 * Not thread-safe: one per connection, fed from its event loop.
 */
public final class LengthPrefixedFrameDecoder implements Handler<Buffer> {
  /** Bytes of the length prefix (a big-endian unsigned int). */
  public static final int HEADER = 4;

  private final long maxFrameBytes;
  private final Handler<Buffer> frames;
  private final Handler<Long> tooLarge;
  private Buffer pending = Buffer.buffer();
  private int position;
  private boolean failed;

  public LengthPrefixedFrameDecoder(long maxFrameBytes, Handler<Buffer> frames, Handler<Long> tooLarge) {
    this.maxFrameBytes = maxFrameBytes;
    this.frames = frames;
    this.tooLarge = tooLarge;
  }

  @Override
  public void handle(Buffer data) {
    if (failed) {
      return;
    }
    if (position == pending.length()) {
      pending = data;
      position = 0;
    } else {
      pending = pending.getBuffer(position, pending.length()).appendBuffer(data);
      position = 0;
    }
    while (!failed && pending.length() - position >= HEADER) {
      long length = pending.getUnsignedInt(position);
      if (length > maxFrameBytes) {
        failed = true;
        pending = Buffer.buffer();
        position = 0;
        tooLarge.handle(length);
        return;
      }
      if (pending.length() - position - HEADER < length) {
        break;
      }
      int start = position + HEADER;
      position = start + (int) length;
      frames.handle(pending.slice(start, position));
    }
  }

  /** Bytes received but not yet part of a whole frame. */
  public int buffered() {
    return pending.length() - position;
  }

  /** Frames one payload: the length header followed by the bytes. */
  public static Buffer frame(Buffer payload) {
    return Buffer.buffer(HEADER + payload.length()).appendUnsignedInt(payload.length()).appendBuffer(payload);
  }

  /** Frames one payload given as text. */
  public static Buffer frame(String json) {
    return frame(Buffer.buffer(json));
  }
}
