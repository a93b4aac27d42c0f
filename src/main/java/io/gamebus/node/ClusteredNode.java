package io.gamebus.node;

import io.gamebus.cluster.HazelcastSetup;
import io.gamebus.config.GamebusConfig;
import io.gamebus.config.PortInUse;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.micrometer.MicrometerMetricsFactory;

/** Starts a node on a clustered Vert.x (Hazelcast), as {@code --cluster} does. */
public final class ClusteredNode {
  private ClusteredNode() {}

  public static Future<Node> start(GamebusConfig config) {
    PrometheusMeterRegistry registry = Node.newRegistry();
    VertxOptions options = Node.vertxOptions(config)
        .setEventBusOptions(new EventBusOptions().setHost(config.cluster().host()).setPort(0));
    ClusterManager manager = HazelcastSetup.clusterManager(config.cluster());
    return Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry))
        .withClusterManager(manager)
        .buildClustered()
        .recover(e -> Future.failedFuture(PortInUse.isBindFailure(e)
            ? PortInUse.of("cluster.port", config.cluster().host(), config.cluster().port(), e) : e))
        .compose(vertx -> Node.start(config, vertx, registry, HazelcastSetup.membership(manager)));
  }
}
