package io.gamebus.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.admin.AdminVerticle;
import io.gamebus.admin.Readiness;
import io.gamebus.config.AdminConfig;
import io.gamebus.metrics.GamebusMetrics;
import io.gamebus.placement.InstanceDirectory;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("GET /ready")
class ReadinessTest {
  private GamebusMetrics metrics;
  private Readiness state;
  private HttpClient http;
  private int port;

  /** The answer's status and body. */
  private record Ready(int status, JsonObject body) {}

  @BeforeEach
  void deployAdmin(Vertx vertx, VertxTestContext deployed) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    metrics = new GamebusMetrics(registry);
    state = new Readiness(metrics, 2);
    http = vertx.createHttpClient();
    AdminVerticle admin = new AdminVerticle(new AdminConfig("127.0.0.1", 0, "t", false, null), "n1",
        new InstanceDirectory(), state, registry);
    vertx.deployVerticle(admin).onComplete(deployed.succeeding(id -> {
      port = admin.port();
      deployed.completeNow();
    }));
  }

  private Future<Ready> ready() {
    return http.request(HttpMethod.GET, port, "127.0.0.1", "/ready")
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> new Ready(response.statusCode(), body.toJsonObject())));
  }

  @Test
  @DisplayName("answers 503 while the node starts, 200 once its roles are deployed, and 503 again once it drains")
  void lifecycle(VertxTestContext test) {
    ready().compose(starting -> {
      test.verify(() -> {
        assertThat(starting.status()).isEqualTo(503);
        assertThat(starting.body())
            .isEqualTo(new JsonObject().put("status", "DOWN").put("node", "n1").put("reason", "starting"));
      });
      state.ready();
      return ready();
    }).compose(up -> {
      test.verify(() -> {
        assertThat(up.status()).isEqualTo(200);
        assertThat(up.body()).isEqualTo(new JsonObject().put("status", "UP").put("node", "n1"));
      });
      state.draining();
      return ready();
    }).onComplete(test.succeeding(draining -> test.verify(() -> {
      assertThat(draining.status()).isEqualTo(503);
      assertThat(draining.body().getString("reason")).isEqualTo("draining");
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("answers 503 while more game threads are stuck than supervisor.maxAbandonedThreads")
  void stuckThreads(VertxTestContext test) {
    state.ready();
    AtomicBoolean stillStuck = new AtomicBoolean(true);
    metrics.abandoned(stillStuck::get);
    metrics.abandoned(stillStuck::get);
    ready().compose(two -> {
      test.verify(() -> assertThat(two.status()).isEqualTo(200));
      metrics.abandoned(stillStuck::get);
      return ready();
    }).compose(three -> {
      test.verify(() -> {
        assertThat(three.status()).isEqualTo(503);
        assertThat(three.body().getString("reason")).contains("3 game threads are stuck");
      });
      stillStuck.set(false); // the game code returned at last
      return ready();
    }).onComplete(test.succeeding(returned -> test.verify(() -> {
      assertThat(returned.status()).isEqualTo(200);
      test.completeNow();
    })));
  }
}
