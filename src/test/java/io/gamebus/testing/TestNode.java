package io.gamebus.testing;

import io.gamebus.config.GamebusConfig;
import io.gamebus.node.Node;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real gamebus node in the test's JVM, on free loopback ports, with the admin token
 * {@link #TOKEN}. Blocking helpers: tests call them from the JUnit thread.
 */
public final class TestNode implements AutoCloseable {
  public static final String TOKEN = "test-token";

  private final Node node;
  private final AdminClient admin;

  private TestNode(Node node) {
    this.node = node;
    this.admin = new AdminClient(node.adminPort(), TOKEN);
  }

  /** A node with the embedded defaults, except free ports and {@code overrides} merged over them. */
  public static TestNode start(JsonObject overrides) {
    JsonObject json = new JsonObject()
        .put("gateway", new JsonObject().put("host", "127.0.0.1").put("tcpPort", 0).put("httpPort", 0))
        .put("admin", new JsonObject().put("port", 0).put("token", TOKEN))
        .mergeIn(overrides, true);
    return start(GamebusConfig.from(json, null));
  }

  public static TestNode start(GamebusConfig config) {
    return new TestNode(await(Node.start(config).toCompletionStage().toCompletableFuture()));
  }

  static TestNode of(Node node) {
    return new TestNode(node);
  }

  /** Only the echo game, with this many instances of this capacity. */
  public static JsonObject echo(int instances, int capacity) {
    return new JsonObject().put("games", new JsonArray().add(new JsonObject()
        .put("name", "echo").put("instances", instances).put("capacity", capacity)))
        .put("gateway", new JsonObject().put("defaultGame", "echo"));
  }

  public Node node() {
    return node;
  }

  public TestClient tcp() {
    return TestClient.tcp(node.tcpPort());
  }

  public TestClient ws() {
    return TestClient.ws(node.httpPort());
  }

  public TestClient connect(TestClient.Kind kind) {
    return kind == TestClient.Kind.TCP ? tcp() : ws();
  }

  public AdminClient admin() {
    return admin;
  }

  /** {@link AdminClient#metric}. */
  public double metric(String sample) {
    return admin.metric(sample);
  }

  /** Waits (up to 10 s) until the condition holds, checking every 20 ms. */
  public static void await(String what, java.util.function.BooleanSupplier condition) {
    long deadline = System.currentTimeMillis() + 10_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** Graceful stop, as SIGTERM does. */
  public void stop() {
    await(node.stop().toCompletionStage().toCompletableFuture());
  }

  @Override
  public void close() {
    try {
      await(node.vertx().close().toCompletionStage().toCompletableFuture());
    } catch (RuntimeException alreadyClosed) {
      // stopped by the test itself
    }
  }

  static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
    try {
      return future.get(Duration.ofSeconds(60).toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e.getCause() != null ? e.getCause() : e);
    }
  }
}
