package io.gamebus.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.cluster.HazelcastSetup;
import io.gamebus.config.ClusterConfig;
import io.gamebus.protocol.ErrorCode;
import io.gamebus.testing.FreePorts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Event-bus failures that carry an error code")
class ErrorReplyTest {
  /** The clustered Vert.x instances a test started, left at the end. */
  private final List<Vertx> started = new CopyOnWriteArrayList<>();

  @Test
  @DisplayName("every error code has a failure code of its own, clear of the HTTP statuses")
  void distinctCodes() {
    List<Integer> codes = Arrays.stream(ErrorCode.values()).map(ErrorReply::failureCode).toList();
    assertThat(codes).doesNotHaveDuplicates().allSatisfy(code -> assertThat(code).isGreaterThan(999));
  }

  @Test
  @DisplayName("a code's number on the wire is fixed, not its place in the enum")
  void fixedNumbers() {
    assertThat(ErrorReply.failureCode(ErrorCode.UNAVAILABLE)).isEqualTo(1009);
    assertThat(ErrorReply.failureCode(ErrorCode.FULL)).isEqualTo(1010);
  }

  @Test
  @DisplayName("a request refused with full is read back as full on the same node")
  void local(Vertx vertx, VertxTestContext test) {
    refusedThenRead(vertx, vertx, test);
  }

  @Test
  @DisplayName("a request refused with full is read back as full on another node of the cluster")
  void acrossTheCluster(VertxTestContext test) {
    String name = "error-reply-" + UUID.randomUUID();
    int port1 = FreePorts.next();
    int port2 = FreePorts.next();
    List<String> members = List.of("127.0.0.1:" + port1, "127.0.0.1:" + port2);
    clustered(name, port1, members).onComplete(test.succeeding(first -> clustered(name, port2, members)
        .onComplete(test.succeeding(second -> refusedThenRead(first, second, test)))));
  }

  @AfterEach
  void leaveTheCluster() throws Exception {
    for (Vertx member : started) {
      member.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("any other failure carries no error code")
  void otherFailures(Vertx vertx, VertxTestContext test) {
    vertx.eventBus().consumer("error-reply.other", m -> m.fail(404, "no such thing"));
    vertx.eventBus().request("error-reply.other", "x").onComplete(test.failing(notFound ->
        vertx.eventBus().request("error-reply.nobody", "x").onComplete(test.failing(noHandler ->
            test.verify(() -> {
              assertThat(ErrorReply.codeOf(notFound)).isNull();
              assertThat(ErrorReply.codeOf(noHandler)).isNull();
              assertThat(ErrorReply.codeOf(new IllegalStateException())).isNull();
              test.completeNow();
            })))));
  }

  /** {@code refusing} refuses every request with {@code full}; {@code asking} asks and reads the code. */
  private static void refusedThenRead(Vertx refusing, Vertx asking, VertxTestContext test) {
    String address = "error-reply." + UUID.randomUUID();
    refusing.eventBus().consumer(address, m -> ErrorReply.fail(m, ErrorCode.FULL, "at capacity")).completion()
        .compose(v -> asking.eventBus().request(address, "join", new DeliveryOptions().setSendTimeout(10_000)))
        .onComplete(test.failing(refused -> test.verify(() -> {
          assertThat(ErrorReply.codeOf(refused)).isEqualTo(ErrorCode.FULL);
          assertThat(refused.getMessage()).isEqualTo("at capacity");
          test.completeNow();
        })));
  }

  private Future<Vertx> clustered(String name, int port, List<String> members) {
    return Vertx.builder()
        .with(new VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1").setPort(0)))
        .withClusterManager(HazelcastSetup.clusterManager(new ClusterConfig(name, "127.0.0.1", port, members, 1)))
        .buildClustered()
        .onSuccess(started::add);
  }
}
