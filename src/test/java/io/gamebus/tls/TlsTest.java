package io.gamebus.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.testing.TestCertificates;
import io.gamebus.testing.TestClient;
import io.gamebus.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** CONTRACT §7 TLS: gateway.tls and admin.tls, and certificates renewed on disk while clients play. */
@DisplayName("TLS on every endpoint")
class TlsTest {
  @TempDir
  static Path dir;
  static Path cert;
  static Path key;
  static TestNode node;
  static Vertx vertx;
  static HttpClient https;

  @BeforeAll
  static void start() {
    cert = dir.resolve("cert.pem");
    key = dir.resolve("key.pem");
    TestCertificates.write(cert, key, "alpha");
    JsonObject tls = new JsonObject().put("certFile", cert.toString()).put("keyFile", key.toString());
    node = TestNode.start(TestNode.echo(1, 1000).put("gateway", new JsonObject().put("defaultGame", "echo").put("tls", tls))
        .put("admin", new JsonObject().put("tls", tls)));
    vertx = Vertx.vertx();
    https = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false)
        .setKeepAlive(false));
  }

  @AfterAll
  static void stop() {
    node.close();
    vertx.close();
  }

  /** GET /health over https on the admin port: the certificate's common name, once answered 200. */
  static String adminCommonName() throws Exception {
    return https.request(HttpMethod.GET, node.node().adminPort(), "127.0.0.1", "/health")
        .compose(request -> request.send().map(response -> {
          assertThat(response.statusCode()).isEqualTo(200);
          try {
            return TestCertificates.commonName(List.of(request.connection().sslSession().getPeerCertificates()));
          } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            throw new AssertionError(e);
          }
        })).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static TestClient player(TestClient.Kind kind) {
    TestClient client = TestClient.tls(kind, kind == TestClient.Kind.TCP ? node.node().tcpPort() : node.node().httpPort());
    client.hello("echo");
    return client;
  }

  @ParameterizedTest
  @EnumSource(TestClient.Kind.class)
  @DisplayName("gateway.tls serves the protocol over TLS on the TCP port and wss:// on the HTTP port")
  void gateway(TestClient.Kind kind) {
    try (TestClient client = player(kind)) {
      assertThat(client.request(2, "ping", new JsonObject().put("secure", true)).getJsonObject("body").getBoolean("secure"))
          .isTrue();
      assertThat(client.serverCommonName()).isEqualTo("alpha");
    }
  }

  @Test
  @DisplayName("admin.tls serves the admin port over https")
  void admin() throws Exception {
    assertThat(adminCommonName()).isEqualTo("alpha");
  }

  @Test
  @DisplayName("a certificate renewed on disk is served to new connections within 10 s on all three ports; open connections keep playing, none is closed")
  void reloadUnderTraffic() throws Exception {
    List<TestClient> playing = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        playing.add(player(i % 2 == 0 ? TestClient.Kind.TCP : TestClient.Kind.WS));
      }
      TestCertificates.write(cert, key, "beta");
      long renewed = System.nanoTime();
      boolean tcp = false;
      boolean ws = false;
      boolean admin = false;
      long id = 10;
      while (!(tcp && ws && admin) && System.nanoTime() - renewed < TimeUnit.SECONDS.toNanos(15)) {
        for (TestClient client : playing) {
          assertThat(client.request(++id, "traffic", new JsonObject().put("n", id)).getString("type")).isEqualTo("reply");
        }
        try (TestClient fresh = player(TestClient.Kind.TCP)) {
          tcp |= "beta".equals(fresh.serverCommonName());
        }
        try (TestClient fresh = player(TestClient.Kind.WS)) {
          ws |= "beta".equals(fresh.serverCommonName());
        }
        admin |= "beta".equals(adminCommonName());
      }
      long tookMs = (System.nanoTime() - renewed) / 1_000_000;
      assertThat(tcp && ws && admin).as("every port serves the new certificate (tcp %s, ws %s, admin %s)", tcp, ws, admin)
          .isTrue();
      assertThat(tookMs).as("ms until new connections got the new certificate").isLessThan(10_000);
      for (TestClient client : playing) {
        assertThat(client.isClosed()).isFalse();
        assertThat(client.request(++id, "after", new JsonObject()).getString("type")).isEqualTo("reply");
        assertThat(client.serverCommonName()).isEqualTo("alpha");
      }
    } finally {
      playing.forEach(TestClient::close);
    }
  }
}
