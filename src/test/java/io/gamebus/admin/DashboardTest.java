package io.gamebus.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.testing.AdminClient;
import io.gamebus.testing.TestNode;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The page is open; the API it calls is not. (Its behaviour in a browser: BrowserTest.) */
@DisplayName("The operator dashboard on the admin port")
class DashboardTest {
  static TestNode node;
  static AdminClient admin;

  @BeforeAll
  static void start() {
    node = TestNode.start(TestNode.echo(1, 10));
    admin = node.admin();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  @DisplayName("is served at / without the token, with a policy that keeps the page to its own origin")
  void pageNeedsNoToken() {
    HttpResponse<String> page = admin.getWithoutToken("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.body()).contains("gamebus operator").contains("dashboard.js");
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(p -> assertThat(p).contains("default-src 'self'"));
    assertThat(admin.getWithoutToken("/dashboard.js").statusCode()).isEqualTo(200);
    assertThat(admin.getWithoutToken("/dashboard.css").statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("leaves /admin behind the token and /health, /ready and /metrics as they were")
  void apiStillGuarded() {
    assertThat(admin.getWithoutToken("/admin/cluster").statusCode()).isEqualTo(401);
    assertThat(admin.getWithoutToken("/admin/games").statusCode()).isEqualTo(401);
    assertThat(admin.get("/admin/cluster").statusCode()).isEqualTo(200);
    assertThat(new JsonObject(admin.getWithoutToken("/health").body()).getString("status")).isEqualTo("UP");
    assertThat(admin.getWithoutToken("/ready").statusCode()).isEqualTo(200);
    assertThat(admin.getWithoutToken("/metrics").body()).contains("gamebus_messages_in_total");
  }

  @Test
  @DisplayName("answers 404 for a file it does not have, and never lists a directory")
  void unknownFiles() {
    assertThat(admin.getWithoutToken("/nope.js").statusCode()).isEqualTo(404);
    assertThat(admin.getWithoutToken("/admin/nope").statusCode()).isEqualTo(401);
    assertThat(admin.get("/admin/nope").statusCode()).isEqualTo(404);
  }
}
