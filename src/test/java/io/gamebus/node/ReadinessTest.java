package io.gamebus.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.admin.AdminVerticle;
import io.gamebus.admin.Readiness;
import io.gamebus.config.AdminConfig;
import io.gamebus.metrics.GamebusMetrics;
import io.gamebus.placement.InstanceDirectory;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("GET /ready")
class ReadinessTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private Vertx vertx;
  private GamebusMetrics metrics;
  private Readiness state;
  private int port;

  @BeforeEach
  void deployAdmin() throws Exception {
    vertx = Vertx.vertx();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    metrics = new GamebusMetrics(registry);
    state = new Readiness(metrics, 2);
    AdminVerticle admin = new AdminVerticle(new AdminConfig("127.0.0.1", 0, "t", false, null), "n1",
        new InstanceDirectory(), state, registry);
    vertx.deployVerticle(admin).toCompletionStage().toCompletableFuture().get();
    port = admin.port();
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  private HttpResponse<String> ready() throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @DisplayName("answers 503 while the node starts, 200 once its roles are deployed, and 503 again once it drains")
  void lifecycle() throws Exception {
    HttpResponse<String> starting = ready();
    assertThat(starting.statusCode()).isEqualTo(503);
    assertThat(new JsonObject(starting.body()))
        .isEqualTo(new JsonObject().put("status", "DOWN").put("node", "n1").put("reason", "starting"));

    state.ready();
    HttpResponse<String> up = ready();
    assertThat(up.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(up.body())).isEqualTo(new JsonObject().put("status", "UP").put("node", "n1"));

    state.draining();
    HttpResponse<String> draining = ready();
    assertThat(draining.statusCode()).isEqualTo(503);
    assertThat(new JsonObject(draining.body()).getString("reason")).isEqualTo("draining");
  }

  @Test
  @DisplayName("answers 503 while more game threads are stuck than supervisor.maxAbandonedThreads")
  void stuckThreads() throws Exception {
    state.ready();
    AtomicBoolean stillStuck = new AtomicBoolean(true);
    metrics.abandoned(stillStuck::get);
    metrics.abandoned(stillStuck::get);
    assertThat(ready().statusCode()).isEqualTo(200);
    metrics.abandoned(stillStuck::get);
    HttpResponse<String> stuck = ready();
    assertThat(stuck.statusCode()).isEqualTo(503);
    assertThat(new JsonObject(stuck.body()).getString("reason")).contains("3 game threads are stuck");
    stillStuck.set(false); // the game code returned at last
    assertThat(ready().statusCode()).isEqualTo(200);
  }
}
