package io.gamebus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.protocol.LengthPrefixedFrameDecoder;
import io.gamebus.testing.Bus;
import io.gamebus.testing.Deployment;
import io.gamebus.testing.RawWebSocket;
import io.gamebus.testing.TestClient;
import io.gamebus.testing.TestNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "on a {0} event bus")
@EnumSource(Bus.class)
@DisplayName("A client sending bad input")
class BadInputTest {
  static final int MAX_FRAME = 1024;
  static final int RATE = 20;
  @Parameter
  Bus bus;
  static Deployment gamebus;
  static TestNode node;

  @BeforeParameterizedClassInvocation
  static void start(Bus bus) {
    gamebus = bus.start(TestNode.echo(1, 100).mergeIn(new JsonObject().put("gateway", new JsonObject()
        .put("maxFrameBytes", MAX_FRAME).put("maxMessagesPerSecond", RATE)), true));
    node = gamebus.gateway();
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    gamebus.close();
  }

  /** The connection still works: a ping is answered. */
  private static void stillOpen(TestClient client) {
    client.send(new JsonObject().put("type", "ping").put("id", 1000));
    assertThat(client.next()).isEqualTo(new JsonObject().put("type", "pong").put("id", 1000));
  }

  private static JsonObject errorFor(TestClient client, String raw) {
    client.sendRaw(Buffer.buffer(raw));
    JsonObject error = client.next();
    assertThat(error.getString("type")).as("answer to %s", raw).isEqualTo("error");
    assertThat(error.getString("message")).isNotBlank();
    return error;
  }

  private static JsonObject error(String code, Long id, String message) {
    JsonObject error = new JsonObject().put("type", "error");
    if (id != null) {
      error.put("id", id);
    }
    return error.put("code", code).put("message", message);
  }

  @Nested
  @DisplayName("that is not one JSON object")
  class NotJson {

    @ParameterizedTest
    @EnumSource(TestClient.Kind.class)
    @DisplayName("gets error bad_json for invalid JSON, an array, a string, a number; the connection stays open")
    void badJson(TestClient.Kind kind) {
      try (TestClient client = node.connect(kind)) {
        for (String raw : List.of("{\"type\":\"ping\"", "not json", "[{\"type\":\"ping\",\"id\":1}]", "\"ping\"", "7", "null")) {
          JsonObject error = errorFor(client, raw);
          assertThat(error.getString("code")).as("code for %s", raw).isEqualTo("bad_json");
          assertThat(error.containsKey("id")).isFalse();
        }
        stillOpen(client);
      }
    }

    @ParameterizedTest
    @EnumSource(TestClient.Kind.class)
    @DisplayName("gets error bad_json for an empty frame (a TCP length of 0, an empty WebSocket message)")
    void emptyFrame(TestClient.Kind kind) {
      try (TestClient client = node.connect(kind)) {
        client.sendRaw(Buffer.buffer());
        assertThat(client.next().getString("code")).isEqualTo("bad_json");
        stillOpen(client);
      }
    }
  }

  @Nested
  @DisplayName("with a bad envelope")
  class BadEnvelope {

    @ParameterizedTest
    @EnumSource(TestClient.Kind.class)
    @DisplayName("gets error bad_request with the id for a missing or ill-typed field; the connection stays open")
    void badRequest(TestClient.Kind kind) {
      try (TestClient client = node.connect(kind)) {
        Map<String, Long> cases = new HashMap<>();
        cases.put("{\"id\":3}", 3L);
        cases.put("{\"type\":5,\"id\":4}", 4L);
        cases.put("{\"type\":\"msg\",\"id\":5}", 5L);
        cases.put("{\"type\":\"msg\",\"id\":6,\"route\":\"r\",\"body\":[1]}", 6L);
        cases.put("{\"type\":\"msg\",\"id\":7,\"route\":\"r\",\"body\":\"text\"}", 7L);
        cases.put("{\"type\":\"hello\",\"id\":8,\"token\":1}", 8L);
        cases.put("{\"type\":\"hello\",\"id\":9,\"resume\":{}}", 9L);
        cases.put("{\"type\":\"ping\",\"id\":0}", null);
        cases.put("{\"type\":\"ping\",\"id\":\"10\"}", null);
        cases.forEach((raw, id) -> {
          JsonObject error = errorFor(client, raw);
          assertThat(error.getString("code")).as("code for %s", raw).isEqualTo("bad_request");
          assertThat(error.getLong("id")).as("id for %s", raw).isEqualTo(id);
        });
        stillOpen(client);
      }
    }

    @ParameterizedTest
    @EnumSource(TestClient.Kind.class)
    @DisplayName("gets error unknown_type with the id for a type not in the protocol; the connection stays open")
    void unknownType(TestClient.Kind kind) {
      try (TestClient client = node.connect(kind)) {
        JsonObject error = errorFor(client, "{\"type\":\"dance\",\"id\":12}");
        assertThat(error).isEqualTo(error("unknown_type", 12L, error.getString("message")));
        stillOpen(client);
      }
    }

    @ParameterizedTest
    @EnumSource(TestClient.Kind.class)
    @DisplayName("before hello gets the envelope's error, not no_session: bad_json, then bad_request / unknown_type, then no_session")
    void precedence(TestClient.Kind kind) {
      try (TestClient client = node.connect(kind)) {
        assertThat(errorFor(client, "{\"type\":\"msg\",\"id\":1,").getString("code")).isEqualTo("bad_json");
        assertThat(errorFor(client, "{\"type\":\"msg\",\"id\":2}").getString("code")).isEqualTo("bad_request");
        assertThat(errorFor(client, "{\"type\":\"msg\",\"id\":3,\"route\":\"r\",\"body\":1}").getString("code")).isEqualTo("bad_request");
        assertThat(errorFor(client, "{\"type\":\"shout\",\"id\":4}").getString("code")).isEqualTo("unknown_type");
        assertThat(errorFor(client, "{\"type\":\"msg\",\"id\":5,\"route\":\"r\"}").getString("code")).isEqualTo("no_session");
      }
    }
  }

  @Nested
  @DisplayName("a frame over gateway.maxFrameBytes")
  class TooLarge {

    @Test
    @DisplayName("gets too_large, closing and the close as soon as a TCP length prefix is over the limit, before its body")
    void tcpLengthPrefix() {
      try (TestClient client = node.tcp()) {
        client.sendBytes(Buffer.buffer().appendUnsignedInt(MAX_FRAME + 1));
        List<JsonObject> last = client.untilClosed();
        assertThat(last).hasSize(2);
        assertThat(last.get(0).getString("code")).isEqualTo("too_large");
        assertThat(last.get(0).containsKey("id")).isFalse();
        assertThat(last.get(1)).isEqualTo(new JsonObject().put("type", "closing").put("reason", "too_large"));
      }
    }

    @ParameterizedTest
    @EnumSource(TestClient.Kind.class)
    @DisplayName("is accepted at exactly the limit")
    void exactlyAtLimit(TestClient.Kind kind) {
      try (TestClient client = node.connect(kind)) {
        String head = "{\"type\":\"ping\",\"id\":3,\"pad\":\"";
        String raw = head + "x".repeat(MAX_FRAME - head.length() - 2) + "\"}";
        assertThat(raw).hasSize(MAX_FRAME);
        client.sendRaw(Buffer.buffer(raw));
        assertThat(client.next()).isEqualTo(new JsonObject().put("type", "pong").put("id", 3));
      }
    }

    @ParameterizedTest
    @EnumSource(TestClient.Kind.class)
    @DisplayName("gets too_large, closing and the close when one byte over")
    void oneByteOver(TestClient.Kind kind) {
      try (TestClient client = node.connect(kind)) {
        client.hello("echo");
        client.sendRaw(Buffer.buffer("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(MAX_FRAME) + "\"}"));
        List<JsonObject> last = client.untilClosed();
        assertThat(last).extracting(m -> m.getString("type")).containsExactly("error", "closing");
        assertThat(last.get(0).getString("code")).isEqualTo("too_large");
        assertThat(last.get(1).getString("reason")).isEqualTo("too_large");
      }
    }

    @Test
    @DisplayName("gets too_large when a WebSocket message of continuation frames grows over the limit")
    void fragmentedWebSocketMessage() {
      try (TestClient client = node.ws()) {
        client.sendFrame(WebSocketFrame.textFrame("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(600), false));
        client.sendFrame(WebSocketFrame.continuationFrame(Buffer.buffer("x".repeat(600)), false));
        List<JsonObject> last = client.untilClosed();
        assertThat(last).extracting(m -> m.getString("type")).containsExactly("error", "closing");
        assertThat(last.get(0).getString("code")).isEqualTo("too_large");
      }
    }

    @Test
    @DisplayName("gets too_large (not bad_frame) for a WebSocket frame far over the limit")
    void hugeWebSocketFrame() {
      try (TestClient client = node.ws()) {
        client.sendFrame(WebSocketFrame.textFrame("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(2 << 20) + "\"}", true));
        List<JsonObject> last = client.untilClosed();
        assertThat(last).extracting(m -> m.getString("type")).containsExactly("error", "closing");
        assertThat(last.get(0).getString("code")).isEqualTo("too_large");
        assertThat(last.get(1).getString("reason")).isEqualTo("too_large");
      }
    }

    @Test
    @DisplayName("accepts a WebSocket message of continuation frames within the limit")
    void fragmentsWithinLimit() {
      try (TestClient client = node.ws()) {
        client.sendFrame(WebSocketFrame.textFrame("{\"type\":\"pi", false));
        client.sendFrame(WebSocketFrame.continuationFrame(Buffer.buffer("ng\",\"id\""), false));
        client.sendFrame(WebSocketFrame.continuationFrame(Buffer.buffer(":17}"), true));
        assertThat(client.next()).isEqualTo(new JsonObject().put("type", "pong").put("id", 17));
      }
    }
  }

  @Nested
  @DisplayName("a broken WebSocket frame")
  class BadFrame {

    @Test
    @DisplayName("gets bad_frame, closing and the close for a frame with a reserved bit set")
    void reservedBit() {
      try (RawWebSocket raw = RawWebSocket.open(node.node().httpPort())) {
        raw.frame(0x80 | 0x20 | 0x1, "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8));
        List<JsonObject> last = raw.untilClosed();
        assertThat(last).extracting(m -> m.getString("type")).containsExactly("error", "closing");
        assertThat(last.get(0).getString("code")).isEqualTo("bad_frame");
      }
    }

    @Test
    @DisplayName("is not what a connection reset is: a client that drops the connection gets no bad_frame")
    void resetIsNotBadFrame() {
      // Every client of this class closes its connection: wait for the gateway to have seen them all.
      TestNode.await("earlier connections are gone", () -> node.metric("gamebus_connections") == 0);
      double before = node.metric("gamebus_errors_total{code=\"bad_frame\"}");
      try (RawWebSocket raw = RawWebSocket.open(node.node().httpPort())) {
        raw.frame(0x80 | 0x1, "{\"type\":\"ping\",\"id\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(raw.next().getString("type")).isEqualTo("pong");
        raw.reset();
      }
      TestNode.await("the gateway saw the reset", () -> node.metric("gamebus_connections") == 0);
      assertThat(node.metric("gamebus_errors_total{code=\"bad_frame\"}")).isEqualTo(before);
    }

    @Test
    @DisplayName("reads a text frame that is not UTF-8 like a binary frame of the same bytes: bad_json, the connection stays open")
    void textNotUtf8() {
      try (RawWebSocket raw = RawWebSocket.open(node.node().httpPort())) {
        raw.frame(0x80 | 0x1, new byte[] {'{', (byte) 0xC3, '}'});
        assertThat(raw.next().getString("code")).isEqualTo("bad_json");
        raw.frame(0x80 | 0x1, "{\"type\":\"ping\",\"id\":2}".getBytes(StandardCharsets.UTF_8));
        assertThat(raw.next()).isEqualTo(new JsonObject().put("type", "pong").put("id", 2));
      }
    }

    @Test
    @DisplayName("gets bad_frame for a compressed frame, without inflating it: the gateway does not negotiate permessage-deflate")
    void noCompression() {
      try (RawWebSocket raw = RawWebSocket.open(node.node().httpPort(), "Sec-WebSocket-Extensions: permessage-deflate")) {
        assertThat(raw.handshake).startsWith("HTTP/1.1 101").doesNotContainIgnoringCase("sec-websocket-extensions");
        // A deflate bomb: 64 KiB of deflate that would inflate to 64 MiB.
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(9, true);
        deflater.setInput(new byte[64 << 20]);
        deflater.finish();
        byte[] bomb = new byte[1 << 20];
        int length = deflater.deflate(bomb);
        raw.frame(0x80 | 0x40 | 0x1, java.util.Arrays.copyOf(bomb, Math.min(length, MAX_FRAME)));
        List<JsonObject> last = raw.untilClosed();
        assertThat(last).extracting(m -> m.getString("type")).containsExactly("error", "closing");
        assertThat(last.get(0).getString("code")).isEqualTo("bad_frame");
      }
    }

    @Test
    @DisplayName("gets bad_frame, closing and the close for a continuation frame outside a message")
    void strayContinuation() {
      try (TestClient client = node.ws()) {
        client.sendFrame(WebSocketFrame.continuationFrame(Buffer.buffer("{}"), true));
        List<JsonObject> last = client.untilClosed();
        assertThat(last).extracting(m -> m.getString("type")).containsExactly("error", "closing");
        assertThat(last.get(0).getString("code")).isEqualTo("bad_frame");
        assertThat(last.get(1).getString("reason")).isEqualTo("bad_frame");
      }
    }
  }

  @Nested
  @DisplayName("faster than gateway.maxMessagesPerSecond")
  class RateLimited {

    @ParameterizedTest
    @EnumSource(TestClient.Kind.class)
    @DisplayName("gets rate_limited with the id of each message over the limit, which is dropped; the connection stays open")
    void rateLimited(TestClient.Kind kind) {
      int sent = 5 * RATE;
      try (TestClient client = node.connect(kind); TestClient bystander = node.connect(kind)) {
        client.hello("echo");
        bystander.hello("echo");
        if (kind == TestClient.Kind.TCP) {
          // One write: the whole burst arrives at once, however busy the machine.
          Buffer burst = Buffer.buffer();
          for (int id = 1; id <= sent; id++) {
            burst.appendBuffer(LengthPrefixedFrameDecoder.frame(request(id).toBuffer()));
          }
          client.sendBytes(burst);
        } else {
          for (int id = 1; id <= sent; id++) {
            client.send(request(id));
          }
        }
        Map<Long, String> answers = new HashMap<>();
        for (int i = 0; i < sent; i++) {
          JsonObject answer = client.next();
          String what = answer.getString("type").equals("reply") ? "reply" : answer.getString("code");
          assertThat(answers.put(answer.getLong("id"), what)).as("second answer to %s", answer).isNull();
        }
        assertThat(answers).hasSize(sent);
        assertThat(answers.values()).containsOnly("reply", "rate_limited");
        assertThat(answers.values().stream().filter("rate_limited"::equals).count()).isPositive();
        // The hello took one token of the first second's burst.
        assertThat(answers.values().stream().filter("reply"::equals).count()).isGreaterThanOrEqualTo(RATE - 1);

        assertThat(bystander.request(1, "other", new JsonObject()).getString("type")).isEqualTo("reply");
        TestNode.await("the connection is served again", () -> {
          client.send(new JsonObject().put("type", "ping").put("id", 5000));
          return "pong".equals(client.next().getString("type"));
        });
        assertThat(client.isClosed()).isFalse();
      }
    }

    private static JsonObject request(int id) {
      return new JsonObject().put("type", "msg").put("route", "r").put("id", id).put("body", new JsonObject().put("n", id));
    }

    @ParameterizedTest
    @EnumSource(TestClient.Kind.class)
    @DisplayName("gets rate_limited before any other error: a bad message over the limit is not even decoded")
    void rateLimitFirst(TestClient.Kind kind) {
      try (TestClient client = node.connect(kind)) {
        Buffer burst = Buffer.buffer();
        for (int i = 0; i < 3 * RATE; i++) {
          if (kind == TestClient.Kind.TCP) {
            burst.appendBuffer(LengthPrefixedFrameDecoder.frame("not json"));
          } else {
            client.sendRaw(Buffer.buffer("not json"));
          }
        }
        if (kind == TestClient.Kind.TCP) {
          client.sendBytes(burst);
        }
        long limited = 0;
        for (int i = 0; i < 3 * RATE; i++) {
          String code = client.next().getString("code");
          assertThat(code).isIn("bad_json", "rate_limited");
          limited += code.equals("rate_limited") ? 1 : 0;
        }
        assertThat(limited).isPositive();
      }
    }
  }
}
