package io.gamebus.protocol;

import static io.gamebus.protocol.WebSocketMessageAssembler.Result.CONTROL;
import static io.gamebus.protocol.WebSocketMessageAssembler.Result.INCOMPLETE;
import static io.gamebus.protocol.WebSocketMessageAssembler.Result.MESSAGE;
import static io.gamebus.protocol.WebSocketMessageAssembler.Result.TOO_LARGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The WebSocket message assembler")
class WebSocketMessageAssemblerTest {
  private static final int LIMIT = 10;
  private final WebSocketMessageAssembler assembler = new WebSocketMessageAssembler(LIMIT);

  private static WebSocketFrame more(String text) {
    return WebSocketFrame.continuationFrame(Buffer.buffer(text), false);
  }

  private static WebSocketFrame last(String text) {
    return WebSocketFrame.continuationFrame(Buffer.buffer(text), true);
  }

  @Test
  @DisplayName("makes a message of a final text frame")
  void textFrame() {
    assertThat(assembler.accept(WebSocketFrame.textFrame("{}", true))).isEqualTo(MESSAGE);
    assertThat(assembler.message().toString()).isEqualTo("{}");
  }

  @Test
  @DisplayName("makes a message of a final binary frame, bytes untouched")
  void binaryFrame() {
    Buffer bytes = Buffer.buffer(new byte[] {'{', (byte) 0xC3, (byte) 0xA9, '}'});
    assertThat(assembler.accept(WebSocketFrame.binaryFrame(bytes, true))).isEqualTo(MESSAGE);
    assertThat(assembler.message()).isEqualTo(bytes);
  }

  @Test
  @DisplayName("joins a fragmented message: first frame, continuations, final continuation")
  void fragments() {
    assertThat(assembler.accept(WebSocketFrame.textFrame("ab", false))).isEqualTo(INCOMPLETE);
    assertThat(assembler.accept(more("cd"))).isEqualTo(INCOMPLETE);
    assertThat(assembler.accept(more(""))).isEqualTo(INCOMPLETE);
    assertThat(assembler.accept(last("ef"))).isEqualTo(MESSAGE);
    assertThat(assembler.message().toString()).isEqualTo("abcdef");
  }

  @Test
  @DisplayName("starts afresh after each message")
  void messagesAreIndependent() {
    assembler.accept(WebSocketFrame.textFrame("12", false));
    assembler.accept(last("34"));
    assertThat(assembler.accept(WebSocketFrame.binaryFrame(Buffer.buffer("x"), false))).isEqualTo(INCOMPLETE);
    assertThat(assembler.accept(last("y"))).isEqualTo(MESSAGE);
    assertThat(assembler.message().toString()).isEqualTo("xy");
  }

  @Test
  @DisplayName("leaves control frames (ping, pong, close) to the transport, in the middle of a message too")
  void controlFrames() {
    assembler.accept(WebSocketFrame.textFrame("ab", false));
    assertThat(assembler.accept(WebSocketFrame.pingFrame(Buffer.buffer("p")))).isEqualTo(CONTROL);
    assertThat(assembler.accept(WebSocketFrame.pongFrame(Buffer.buffer("p")))).isEqualTo(CONTROL);
    assertThat(assembler.accept(last("cd"))).isEqualTo(MESSAGE);
    assertThat(assembler.message().toString()).isEqualTo("abcd");
  }

  @Test
  @DisplayName("accepts a message of exactly the limit, whole or in fragments")
  void exactlyAtLimit() {
    assertThat(assembler.accept(WebSocketFrame.textFrame("x".repeat(LIMIT), true))).isEqualTo(MESSAGE);
    assembler.accept(WebSocketFrame.textFrame("x".repeat(LIMIT - 1), false));
    assertThat(assembler.accept(last("x"))).isEqualTo(MESSAGE);
    assertThat(assembler.message().length()).isEqualTo(LIMIT);
  }

  @Test
  @DisplayName("refuses a single frame over the limit")
  void frameOverLimit() {
    assertThat(assembler.accept(WebSocketFrame.textFrame("x".repeat(LIMIT + 1), true))).isEqualTo(TOO_LARGE);
  }

  @Test
  @DisplayName("refuses a fragmented message as soon as it grows over the limit, before its last frame")
  void fragmentsOverLimit() {
    assertThat(assembler.accept(WebSocketFrame.textFrame("x".repeat(6), false))).isEqualTo(INCOMPLETE);
    assertThat(assembler.accept(more("x".repeat(5)))).isEqualTo(TOO_LARGE);
  }

  @Test
  @DisplayName("keeps its own copy of a partial message, whatever happens to the frame's buffer later")
  void copiesFirstFragment() {
    Buffer first = Buffer.buffer("ab");
    assembler.accept(WebSocketFrame.textFrame(first.toString(), false));
    first.setString(0, "zz");
    assembler.accept(last("c"));
    assertThat(assembler.message().toString()).isEqualTo("abc");
  }
}
