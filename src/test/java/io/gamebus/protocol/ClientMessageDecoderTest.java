package io.gamebus.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The client message decoder")
class ClientMessageDecoderTest {

  private static ClientMessage decode(String text) {
    return ClientMessageDecoder.decode(Buffer.buffer(text));
  }

  private static ProtocolException refusal(String text) {
    ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> decode(text));
    assertThat(e).as("refusal of %s", text).isNotNull();
    return e;
  }

  @Nested
  @DisplayName("reads")
  class Reads {

    @Test
    @DisplayName("hello with every field")
    void fullHello() {
      assertThat(decode("{\"type\":\"hello\",\"id\":1,\"game\":\"echo\",\"token\":\"t\",\"resume\":\"r\"}"))
          .isEqualTo(new ClientMessage.Hello(1L, "echo", "t", "r"));
    }

    @Test
    @DisplayName("hello with no field but its type, the absent ones null")
    void bareHello() {
      assertThat(decode("{\"type\":\"hello\"}")).isEqualTo(new ClientMessage.Hello(null, null, null, null));
    }

    @Test
    @DisplayName("msg with route, body and id")
    void request() {
      assertThat(decode("{\"type\":\"msg\",\"route\":\"move\",\"id\":9,\"body\":{\"x\":1}}"))
          .isEqualTo(new ClientMessage.Msg(9L, "move", new JsonObject().put("x", 1)));
    }

    @Test
    @DisplayName("msg without body as an empty body, and without id as a one-way message")
    void oneWayMsg() {
      assertThat(decode("{\"type\":\"msg\",\"route\":\"move\"}"))
          .isEqualTo(new ClientMessage.Msg(null, "move", new JsonObject()));
      assertThat(decode("{\"type\":\"msg\",\"route\":\"move\",\"body\":null}"))
          .isEqualTo(new ClientMessage.Msg(null, "move", new JsonObject()));
    }

    @Test
    @DisplayName("ping with and without id, and bye")
    void pingAndBye() {
      assertThat(decode("{\"type\":\"ping\"}")).isEqualTo(new ClientMessage.Ping(null));
      assertThat(decode("{\"type\":\"ping\",\"id\":5}")).isEqualTo(new ClientMessage.Ping(5L));
      assertThat(decode("{\"type\":\"bye\"}")).isEqualTo(new ClientMessage.Bye(null));
    }

    @Test
    @DisplayName("ids up to the largest a JSON number holds exactly, and integral floats like 3.0")
    void idRange() {
      assertThat(decode("{\"type\":\"ping\",\"id\":9007199254740991}").id()).isEqualTo(9007199254740991L);
      assertThat(decode("{\"type\":\"ping\",\"id\":9223372036854775807}").id()).isEqualTo(Long.MAX_VALUE);
      assertThat(decode("{\"type\":\"ping\",\"id\":3.0}").id()).isEqualTo(3L);
    }

    @Test
    @DisplayName("fields it does not know, ignoring them")
    void extraFields() {
      assertThat(decode("{\"type\":\"ping\",\"id\":2,\"extra\":[1,2]}")).isEqualTo(new ClientMessage.Ping(2L));
    }

    @Test
    @DisplayName("UTF-8 text in any field")
    void utf8() {
      assertThat(decode("{\"type\":\"msg\",\"route\":\"chat\",\"body\":{\"text\":\"h\u00e9llo \u4e16\u754c \ud83c\udfae\"}}"))
          .isEqualTo(new ClientMessage.Msg(null, "chat", new JsonObject().put("text", "h\u00e9llo \u4e16\u754c \ud83c\udfae")));
    }
  }

  @Nested
  @DisplayName("answers bad_json for")
  class BadJson {

    @ParameterizedTest(name = "«{0}»")
    @ValueSource(strings = {"", "{", "not json", "{\"type\":\"ping\"", "{\"type\":'ping'}", "{} {}", "[1,2]", "\"ping\"",
        "42", "true", "null"})
    @DisplayName("what is not one JSON object")
    void notAnObject(String text) {
      ProtocolException e = refusal(text);
      assertThat(e.code()).isEqualTo(ErrorCode.BAD_JSON);
      assertThat(e.requestId()).isNull();
    }

    @Test
    @DisplayName("bytes that are not UTF-8")
    void notUtf8() {
      ProtocolException e = catchThrowableOfType(ProtocolException.class,
          () -> ClientMessageDecoder.decode(Buffer.buffer(new byte[] {'{', '"', (byte) 0xC3, '"', ':', '1', '}'})));
      assertThat(e.code()).isEqualTo(ErrorCode.BAD_JSON);
    }

    @Test
    @DisplayName("an empty frame, saying so")
    void emptyFrame() {
      assertThat(refusal("").getMessage()).contains("empty");
    }
  }

  @Nested
  @DisplayName("answers bad_request for")
  class BadRequest {

    @ParameterizedTest(name = "«{0}»")
    @ValueSource(strings = {"{}", "{\"id\":4}", "{\"type\":null,\"id\":4}", "{\"type\":7,\"id\":4}",
        "{\"type\":[\"ping\"],\"id\":4}", "{\"type\":{},\"id\":4}"})
    @DisplayName("an object without a string type (keeping its id)")
    void noStringType(String text) {
      ProtocolException e = refusal(text);
      assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
      assertThat(e.getMessage()).contains("type");
      if (text.contains("\"id\":4")) {
        assertThat(e.requestId()).isEqualTo(4L);
      }
    }

    @ParameterizedTest(name = "«{0}»")
    @ValueSource(strings = {"0", "-1", "1.5", "\"1\"", "true", "[1]", "{}", "1e300", "18446744073709551616"})
    @DisplayName("an id that is not a positive integer (answered without id)")
    void badId(String id) {
      ProtocolException e = refusal("{\"type\":\"ping\",\"id\":" + id + "}");
      assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
      assertThat(e.getMessage()).contains("id");
      assertThat(e.requestId()).isNull();
    }

    @ParameterizedTest(name = "«{0}»")
    @ValueSource(strings = {"\"game\":1", "\"game\":{}", "\"token\":123", "\"token\":{\"jwt\":\"x\"}", "\"token\":true",
        "\"resume\":42", "\"resume\":[\"r\"]", "\"resume\":false"})
    @DisplayName("hello with a game, token or resume that is not a string (keeping its id)")
    void helloFields(String field) {
      ProtocolException e = refusal("{\"type\":\"hello\",\"id\":3," + field + "}");
      assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
      assertThat(e.getMessage()).contains(field.substring(1, field.indexOf('"', 1)));
      assertThat(e.requestId()).isEqualTo(3L);
    }

    @ParameterizedTest(name = "«{0}»")
    @ValueSource(strings = {"{\"type\":\"msg\",\"id\":8}", "{\"type\":\"msg\",\"id\":8,\"route\":null}",
        "{\"type\":\"msg\",\"id\":8,\"route\":5}", "{\"type\":\"msg\",\"id\":8,\"route\":{}}"})
    @DisplayName("msg without a string route")
    void msgRoute(String text) {
      ProtocolException e = refusal(text);
      assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
      assertThat(e.getMessage()).contains("route");
      assertThat(e.requestId()).isEqualTo(8L);
    }

    @ParameterizedTest(name = "«{0}»")
    @ValueSource(strings = {"[]", "[{}]", "\"text\"", "1", "true"})
    @DisplayName("msg whose body is not an object")
    void msgBody(String body) {
      ProtocolException e = refusal("{\"type\":\"msg\",\"id\":8,\"route\":\"r\",\"body\":" + body + "}");
      assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
      assertThat(e.getMessage()).contains("body");
      assertThat(e.requestId()).isEqualTo(8L);
    }
  }

  @Nested
  @DisplayName("answers unknown_type")
  class UnknownType {

    @ParameterizedTest(name = "«{0}»")
    @ValueSource(strings = {"welcome", "HELLO", "Ping", "", "join", "error"})
    @DisplayName("for a string type not in the protocol, keeping its id")
    void unknown(String type) {
      ProtocolException e = refusal("{\"type\":\"" + type + "\",\"id\":6}");
      assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
      assertThat(e.requestId()).isEqualTo(6L);
      assertThat(e.getMessage()).contains("hello, msg, ping or bye");
    }
  }

  @Nested
  @DisplayName("when several codes apply")
  class Precedence {

    @Test
    @DisplayName("bad_json beats everything else")
    void badJsonFirst() {
      assertThat(refusal("{\"type\":\"nope\",\"id\":0").code()).isEqualTo(ErrorCode.BAD_JSON);
    }

    @Test
    @DisplayName("an ill-typed field is bad_request even with an unknown type")
    void badRequestOverUnknownType() {
      assertThat(refusal("{\"type\":\"nope\",\"id\":-2}").code()).isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    @DisplayName("a missing type is bad_request even with other bad fields")
    void missingType() {
      assertThat(refusal("{\"route\":5,\"body\":[]}").code()).isEqualTo(ErrorCode.BAD_REQUEST);
    }
  }

  @Test
  @DisplayName("maps every error code to its wire name, in the contract's precedence order")
  void errorCodes() {
    assertThat(ErrorCode.values()).extracting(ErrorCode::wireName).containsExactly(
        "bad_frame", "too_large", "rate_limited", "bad_json", "bad_request", "unknown_type", "no_session",
        "no_game", "unavailable", "full", "unauthorized", "bad_resume", "game_error", "timeout");
    assertThat(ErrorCode.fromWire("bad_resume")).isEqualTo(ErrorCode.BAD_RESUME);
    assertThat(ErrorCode.fromWire("my_game_code")).isNull();
    assertThat(ErrorCode.values()).filteredOn(ErrorCode::closesConnection)
        .containsExactly(ErrorCode.BAD_FRAME, ErrorCode.TOO_LARGE);
  }
}
