package io.gamebus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.protocol.ErrorCode;
import io.gamebus.protocol.LengthPrefixedFrameDecoder;
import io.gamebus.testing.TestClient;
import io.gamebus.testing.TestNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("Bad input from one client")
class BadInputIsolationTest {
  static final int MAX_FRAME = 1024;
  static final int INPUTS = 400;
  static final long BUDGET_MS = 5_000;
  static final Set<String> SERVER_TYPES = Set.of("welcome", "reply", "push", "pong", "moved", "error", "closing");
  static final Set<String> CODES = Arrays.stream(ErrorCode.values()).map(ErrorCode::wireName).collect(Collectors.toSet());
  static final List<String> TEMPLATES = List.of(
      "{\"type\":\"hello\",\"game\":\"echo\",\"id\":1}",
      "{\"type\":\"hello\",\"resume\":\"abc\",\"token\":\"t\",\"id\":2}",
      "{\"type\":\"msg\",\"route\":\"say\",\"id\":3,\"body\":{\"x\":[1,2,{\"y\":\"z\"}]}}",
      "{\"type\":\"msg\",\"route\":\"say\",\"body\":{}}",
      "{\"type\":\"ping\",\"id\":4}",
      "{\"type\":\"ping\"}",
      "{\"type\":\"bye\"}");
  static final String[] JUNK = {"null", "true", "-0", "1e999", "99999999999999999999999", "\"\\ud800\"", "[]", "{}",
      "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", "\"\\u0000\"", "{\"a\":{\"a\":{\"a\":{}}}}", "0.5", "\"x\""};
  static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(TestNode.echo(1, 100_000).mergeIn(new JsonObject().put("gateway", new JsonObject()
        .put("maxFrameBytes", MAX_FRAME).put("maxMessagesPerSecond", 1000)), true));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @ParameterizedTest
  @EnumSource(TestClient.Kind.class)
  @DisplayName("never affects another client: a fixed-seed fuzz of random bytes and broken messages, then everyone is still served")
  void fuzz(TestClient.Kind kind) {
    Random random = new Random(20261125L + kind.ordinal());
    try (TestClient tcpBystander = node.tcp(); TestClient wsBystander = node.ws()) {
      tcpBystander.hello("echo");
      wsBystander.hello("echo");
      TestClient fuzzer = node.connect(kind);
      long deadline = System.currentTimeMillis() + BUDGET_MS;
      int sent = 0;
      int reconnects = 0;
      try {
        while (sent < INPUTS && System.currentTimeMillis() < deadline) {
          Buffer input = input(random);
          if (kind == TestClient.Kind.WS && random.nextBoolean()) {
            fuzzer.sendBinary(input);
          } else if (kind == TestClient.Kind.WS) {
            fuzzer.sendRaw(Buffer.buffer(new String(input.getBytes(), StandardCharsets.UTF_8)));
          } else {
            fuzzer.sendRaw(input);
          }
          sent++;
          if (sent % 25 == 0 && !sync(fuzzer, sent)) {
            fuzzer.close();
            fuzzer = node.connect(kind);
            reconnects++;
          }
        }
        if (kind == TestClient.Kind.TCP) {
          // Unframed garbage last: its first four bytes make some length, most likely too large.
          byte[] garbage = new byte[64];
          random.nextBytes(garbage);
          garbage[0] = (byte) 0x7F;
          fuzzer.sendBytes(Buffer.buffer(garbage));
          List<JsonObject> last = fuzzer.untilClosed();
          assertThat(last).extracting(m -> m.getString("type")).endsWith("error", "closing");
          assertThat(last.get(last.size() - 2).getString("code")).isEqualTo("too_large");
        }
      } finally {
        fuzzer.close();
      }
      assertThat(sent).isGreaterThan(100);
      assertThat(reconnects).isLessThan(sent);

      for (TestClient bystander : List.of(tcpBystander, wsBystander)) {
        assertThat(bystander.request(77, "still-there", new JsonObject().put("ok", true)))
            .isEqualTo(new JsonObject().put("type", "reply").put("id", 77).put("body", new JsonObject().put("ok", true)));
        JsonObject extra;
        while ((extra = bystander.poll(0)) != null) {
          assertThat(extra.getString("type")).as("only the game's pushes reach a bystander: %s", extra).isEqualTo("push");
        }
        assertThat(bystander.isClosed()).isFalse();
      }
    }
    try (TestClient fresh = node.connect(kind)) {
      assertThat(fresh.hello("echo").getString("type")).isEqualTo("welcome");
      assertThat(fresh.request(1, "r", new JsonObject()).getString("type")).isEqualTo("reply");
    }
  }

  /** A ping through everything sent so far; false if the fuzz closed the connection (bye, bad frame...). */
  private static boolean sync(TestClient fuzzer, int token) {
    long id = 1_000_000L + token;
    fuzzer.send(new JsonObject().put("type", "ping").put("id", id));
    long deadline = System.currentTimeMillis() + 10_000;
    while (true) {
      boolean closed = fuzzer.isClosed();
      JsonObject message = fuzzer.poll(50);
      if (message == null) {
        if (closed) {
          return false;
        }
        assertThat(System.currentTimeMillis()).as("the server answers a ping after bad input").isLessThan(deadline);
        continue;
      }
      String type = message.getString("type");
      assertThat(type).as("a message of the protocol: %s", message).isIn(SERVER_TYPES);
      if ("error".equals(type)) {
        assertThat(message.getString("code")).as("a contract error code: %s", message).isIn(CODES);
      }
      if ("closing".equals(type)) {
        assertThat(message.getString("reason")).isIn("bye", "too_large", "bad_frame");
      }
      if ("pong".equals(type) && Long.valueOf(id).equals(message.getLong("id"))) {
        return true;
      }
    }
  }

  private static Buffer input(Random random) {
    switch (random.nextInt(4)) {
      case 0 -> {
        byte[] bytes = new byte[random.nextInt(200)];
        random.nextBytes(bytes);
        return Buffer.buffer(bytes);
      }
      case 1 -> {
        return Buffer.buffer(mutate(TEMPLATES.get(random.nextInt(TEMPLATES.size())), random));
      }
      case 2 -> {
        String template = TEMPLATES.get(random.nextInt(TEMPLATES.size()));
        String[] fields = {"type", "id", "route", "body", "game", "token", "resume"};
        String field = fields[random.nextInt(fields.length)];
        String value = JUNK[random.nextInt(JUNK.length)];
        return Buffer.buffer(template.replaceFirst("\\{", "{\"" + field + "\":" + value + ","));
      }
      default -> {
        return Buffer.buffer(JUNK[random.nextInt(JUNK.length)]);
      }
    }
  }

  private static byte[] mutate(String template, Random random) {
    byte[] bytes = template.getBytes(StandardCharsets.UTF_8);
    int edits = 1 + random.nextInt(3);
    for (int i = 0; i < edits && bytes.length > 0; i++) {
      int at = random.nextInt(bytes.length);
      switch (random.nextInt(3)) {
        case 0 -> bytes = Arrays.copyOf(bytes, at);
        case 1 -> bytes[at] = (byte) random.nextInt(256);
        default -> {
          byte[] longer = new byte[bytes.length + 1];
          System.arraycopy(bytes, 0, longer, 0, at);
          longer[at] = (byte) "{}[]\",:\\0123456789ez".charAt(random.nextInt(20));
          System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
          bytes = longer;
        }
      }
    }
    return bytes.length > MAX_FRAME ? Arrays.copyOf(bytes, MAX_FRAME) : bytes;
  }
}
