package io.gamebus.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What crosses the cluster: records through their codecs' wire form, as another node decodes them. */
@DisplayName("Bus codecs")
class BusCodecTest {
  private static final Map<Class<?>, MessageCodec<?, ?>> CODECS = new HashMap<>();

  @BeforeAll
  static void registerCodecs() {
    // An event bus that only records the codecs registered on it.
    EventBus recorder = (EventBus) Proxy.newProxyInstance(EventBus.class.getClassLoader(),
        new Class<?>[] {EventBus.class}, (proxy, method, args) -> {
          if (method.getName().equals("registerDefaultCodec")) {
            CODECS.put((Class<?>) args[0], (MessageCodec<?, ?>) args[1]);
          }
          return proxy;
        });
    BusCodec.registerAll(recorder);
  }

  @Test
  @DisplayName("a batch of pushes, answers and evictions crosses the wire whole and in order")
  void batchRoundTrip() {
    GatewayBound.Batch batch = new GatewayBound.Batch(List.of(
        new GatewayBound.Push(List.of("s1", "s2"), "{\"type\":\"push\",\"route\":\"r\",\"body\":{}}"),
        new GatewayBound.Answer("s1", 7, "{\"type\":\"reply\",\"id\":7,\"body\":{\"ü\":\"€\"}}"),
        new GatewayBound.Evict(List.of("s2"), null, null, "kicked"),
        new GatewayBound.Answer("s2", 8, "{}")));

    assertThat(overTheWire(batch)).isEqualTo(batch);
  }

  @Test
  @DisplayName("a gateway's batch of session traffic for an instance crosses the wire whole and in order")
  void instanceBatchRoundTrip() {
    InstanceBound.Batch batch = new InstanceBound.Batch(List.of(
        new InstanceBound.Deliver("s1", 7, "move", new io.vertx.core.json.JsonObject().put("x", 1)),
        new InstanceBound.Rebind("s2", "gamebus.gateway.n2.0"),
        new InstanceBound.Deliver("s2", 0, "chat", new io.vertx.core.json.JsonObject()),
        new InstanceBound.Leave("s1")));

    assertThat(overTheWire(batch)).isEqualTo(batch);
  }

  @Test
  @DisplayName("a single answer crosses the wire unchanged")
  void answerRoundTrip() {
    GatewayBound.Answer answer = new GatewayBound.Answer("s9", Long.MAX_VALUE, "{\"type\":\"reply\",\"id\":1}");
    assertThat(overTheWire(answer)).isEqualTo(answer);
  }

  @Test
  @DisplayName("a player's identity crosses the wire with its join, its moves and its hand-over")
  void identityRoundTrip() {
    Identity alice = new Identity("alice", new io.vertx.core.json.JsonObject().put("sub", "alice").put("name", "Alice"));
    InstanceBound.Join join = new InstanceBound.Join("s1", "gamebus.gateway.n1.0", false, alice);
    InstanceBound.Adopt adopt = new InstanceBound.Adopt(List.of(join.ref(),
        new SessionRef("s2", "gamebus.gateway.n2.0", null)), "node_lost", false);
    GatewayBound.SessionState state = new GatewayBound.SessionState("s1", "r1", "echo",
        new InstanceInfo("echo-n1-1", "echo", "1", "n1", InstanceInfo.ACTIVE, 0, 0, 0, 0, 0), List.of("{}"), alice);

    assertThat(overTheWire(join)).isEqualTo(join);
    assertThat(overTheWire(adopt)).isEqualTo(adopt);
    assertThat(overTheWire(state)).isEqualTo(state);
    assertThat(overTheWire(new InstanceBound.Join("s3", "g", true, null)).identity()).isNull();
  }

  @SuppressWarnings("unchecked")
  private static <T extends BusMessage> T overTheWire(T message) {
    MessageCodec<T, T> codec = (MessageCodec<T, T>) CODECS.get(message.getClass());
    Buffer wire = Buffer.buffer();
    codec.encodeToWire(wire, message);
    return codec.decodeFromWire(0, wire);
  }
}
