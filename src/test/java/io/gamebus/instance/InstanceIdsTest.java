package io.gamebus.instance;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.cluster.HazelcastSetup;
import io.gamebus.config.ClusterConfig;
import io.gamebus.testing.FreePorts;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Instance ids")
class InstanceIdsTest {
  private Vertx member;

  @Test
  @DisplayName("keep coming, never twice, when the counter's entry was lost with the members holding it")
  void counterLostWithItsMembers(VertxTestContext test) {
    int port = FreePorts.next();
    HazelcastClusterManager manager = (HazelcastClusterManager) HazelcastSetup.clusterManager(
        new ClusterConfig("ids-" + UUID.randomUUID(), "127.0.0.1", port, List.of("127.0.0.1:" + port), 1));
    Vertx.builder()
        .with(new VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1").setPort(0)))
        .withClusterManager(manager)
        .buildClustered()
        .onComplete(test.succeeding(vertx -> {
          member = vertx;
          Context context = vertx.getOrCreateContext(); // InstanceIds lives on one event loop
          InstanceIds ids = new InstanceIds(vertx, "n1");
          on(context, () -> ids.next("echo"))
              .compose(first -> {
                // What two members lost together leave when they held the entry and its one backup.
                manager.getHazelcastInstance().getMap("__vertx.map.counter").remove("gamebus.ids.n1.echo");
                return on(context, () -> ids.next("echo")).map(second -> List.of(first, second));
              })
              .onComplete(test.succeeding(made -> test.verify(() -> {
                assertThat(made).containsExactly("echo-n1-1", "echo-n1-2");
                test.completeNow();
              })));
        }));
  }

  @AfterEach
  void leave() throws Exception {
    if (member != null) {
      member.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static <T> Future<T> on(Context context, Supplier<Future<T>> call) {
    return Future.<Future<T>>future(p -> context.runOnContext(v -> p.complete(call.get()))).compose(f -> f);
  }
}
