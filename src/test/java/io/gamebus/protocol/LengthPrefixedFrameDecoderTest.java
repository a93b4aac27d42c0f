package io.gamebus.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The TCP frame decoder")
class LengthPrefixedFrameDecoderTest {
  private static final int LIMIT = 16;

  private final List<String> frames = new ArrayList<>();
  private final List<Long> tooLarge = new ArrayList<>();
  private LengthPrefixedFrameDecoder decoder;

  @BeforeEach
  void create() {
    decoder = new LengthPrefixedFrameDecoder(LIMIT, frame -> frames.add(frame.toString()), tooLarge::add);
  }

  private static Buffer header(long length) {
    return Buffer.buffer().appendUnsignedInt(length);
  }

  @Test
  @DisplayName("frames a payload as a 4-byte big-endian length followed by the bytes")
  void framesPayloads() {
    Buffer framed = LengthPrefixedFrameDecoder.frame("{\"type\":\"ping\"}");
    assertThat(framed.getBytes(0, 4)).containsExactly(0x00, 0x00, 0x00, 0x0F);
    assertThat(framed.getString(4, framed.length())).isEqualTo("{\"type\":\"ping\"}");
    assertThat(LengthPrefixedFrameDecoder.frame(Buffer.buffer()).getBytes()).containsExactly(0, 0, 0, 0);
  }

  @Test
  @DisplayName("emits a frame that arrives whole")
  void wholeFrame() {
    decoder.handle(LengthPrefixedFrameDecoder.frame("hello"));
    assertThat(frames).containsExactly("hello");
    assertThat(decoder.buffered()).isZero();
  }

  @Test
  @DisplayName("joins a frame split across reads, header included")
  void splitFrame() {
    Buffer framed = LengthPrefixedFrameDecoder.frame("split me");
    decoder.handle(framed.getBuffer(0, 2));
    decoder.handle(framed.getBuffer(2, 7));
    assertThat(frames).isEmpty();
    assertThat(decoder.buffered()).isEqualTo(7);
    decoder.handle(framed.getBuffer(7, framed.length()));
    assertThat(frames).containsExactly("split me");
    assertThat(decoder.buffered()).isZero();
  }

  @Test
  @DisplayName("emits every frame of coalesced reads, in order, keeping a trailing partial one")
  void coalescedFrames() {
    Buffer partial = LengthPrefixedFrameDecoder.frame("four");
    Buffer read = Buffer.buffer().appendBuffer(LengthPrefixedFrameDecoder.frame("one"))
        .appendBuffer(LengthPrefixedFrameDecoder.frame("two")).appendBuffer(LengthPrefixedFrameDecoder.frame("three"))
        .appendBuffer(partial.getBuffer(0, 5));
    decoder.handle(read);
    assertThat(frames).containsExactly("one", "two", "three");
    decoder.handle(partial.getBuffer(5, partial.length()));
    assertThat(frames).containsExactly("one", "two", "three", "four");
  }

  @Test
  @DisplayName("decodes a stream fed one byte at a time")
  void byteByByte() {
    Buffer stream = Buffer.buffer().appendBuffer(LengthPrefixedFrameDecoder.frame("a"))
        .appendBuffer(LengthPrefixedFrameDecoder.frame("")).appendBuffer(LengthPrefixedFrameDecoder.frame("{\"b\":2}"));
    for (int i = 0; i < stream.length(); i++) {
      decoder.handle(stream.getBuffer(i, i + 1));
    }
    assertThat(frames).containsExactly("a", "", "{\"b\":2}");
  }

  @Test
  @DisplayName("emits an empty frame as an empty payload (the gateway answers it with bad_json)")
  void emptyFrame() {
    decoder.handle(header(0));
    assertThat(frames).containsExactly("");
  }

  @Test
  @DisplayName("accepts a frame of exactly the limit")
  void exactlyAtLimit() {
    decoder.handle(LengthPrefixedFrameDecoder.frame("x".repeat(LIMIT)));
    assertThat(frames).containsExactly("x".repeat(LIMIT));
    assertThat(tooLarge).isEmpty();
  }

  @Test
  @DisplayName("reports a length over the limit as soon as the header arrives, before the body")
  void overLimitReportedEarly() {
    decoder.handle(header(LIMIT + 1));
    assertThat(tooLarge).containsExactly((long) LIMIT + 1);
    assertThat(frames).isEmpty();
  }

  @Test
  @DisplayName("reads the length as unsigned: 0xFFFFFFFF is 4 GiB, not -1")
  void unsignedLength() {
    decoder.handle(Buffer.buffer(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}));
    assertThat(tooLarge).containsExactly(0xFFFFFFFFL);
  }

  @Test
  @DisplayName("ignores everything after a too-large frame, even well-formed frames")
  void ignoresAfterTooLarge() {
    decoder.handle(Buffer.buffer().appendBuffer(LengthPrefixedFrameDecoder.frame("before"))
        .appendBuffer(header(1000)).appendBuffer(LengthPrefixedFrameDecoder.frame("same read")));
    decoder.handle(LengthPrefixedFrameDecoder.frame("later"));
    decoder.handle(header(5000));
    assertThat(frames).containsExactly("before");
    assertThat(tooLarge).containsExactly(1000L);
    assertThat(decoder.buffered()).isZero();
  }

  @Test
  @DisplayName("hands out payloads that later reads do not change")
  void payloadsAreStable() {
    List<Buffer> kept = new ArrayList<>();
    LengthPrefixedFrameDecoder keeping = new LengthPrefixedFrameDecoder(LIMIT, kept::add, n -> { });
    Buffer framed = LengthPrefixedFrameDecoder.frame("first");
    keeping.handle(Buffer.buffer().appendBuffer(framed).appendBuffer(framed.getBuffer(0, 3)));
    keeping.handle(framed.getBuffer(3, framed.length()));
    keeping.handle(LengthPrefixedFrameDecoder.frame("third"));
    assertThat(kept).extracting(Buffer::toString).containsExactly("first", "first", "third");
  }
}
