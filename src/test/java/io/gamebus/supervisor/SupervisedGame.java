package io.gamebus.supervisor;

import io.gamebus.hotswap.TestJar;
import io.gamebus.testing.Bus;
import io.gamebus.testing.Deployment;
import io.gamebus.testing.TestClient;
import io.gamebus.testing.TestNode;
import io.gamebus.testing.games.Counter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One test's {@link Counter} game, with the switches that make it fail, under its own name
 * ({@code sv-N}, also the tag of its switches). It runs either on a node of its own, with
 * supervision limits small enough for tests ({@link #start()}), or uploaded to a suite's
 * {@link Deployment} shared by the tests of one run ({@link #on}). {@link #close()} releases
 * every game thread the test left blocked, and stops the node of its own.
 */
final class SupervisedGame implements AutoCloseable {
  private static final AtomicInteger GAMES = new AtomicInteger();

  final String name = "sv-" + GAMES.incrementAndGet();
  private final JsonObject game = new JsonObject().put("instances", 1).put("capacity", 100).put("snapshotMs", 0);
  private final JsonObject supervisor = supervision();
  private final JsonObject gateway = new JsonObject().put("defaultGame", name);
  private TestNode gatewayNode;
  private TestNode gamesNode;
  private boolean ownNode;

  /** The supervision limits of the tests: small, so failures show quickly. */
  static JsonObject supervision() {
    return new JsonObject().put("hangMs", 2_000).put("maxRestarts", 5).put("withinSeconds", 60)
        .put("maxAbandonedThreads", 8);
  }

  /** A deployment of this bus for tests that upload their game with {@link #on}. */
  static Deployment deployment(Bus bus, JsonObject supervisor) {
    return bus.start(TestNode.echo(1, 100).put("supervisor", supervisor));
  }

  SupervisedGame instances(int instances) {
    game.put("instances", instances);
    return this;
  }

  SupervisedGame snapshotMs(int ms) {
    game.put("snapshotMs", ms);
    return this;
  }

  SupervisedGame supervisor(String key, int value) {
    supervisor.put(key, value);
    return this;
  }

  SupervisedGame requestTimeoutMs(int ms) {
    gateway.put("requestTimeoutMs", ms);
    return this;
  }

  /** Starts a node of its own running this game. */
  SupervisedGame start() {
    JsonObject entry = game.copy().put("jar", jar().toString());
    gatewayNode = gamesNode = TestNode.start(new JsonObject().put("games", new JsonArray().add(entry))
        .put("supervisor", supervisor).put("gateway", gateway));
    ownNode = true;
    return this;
  }

  /**
   * Uploads this game to a shared deployment, with its {@link #instances}; uploaded, it takes a
   * snapshot every second (the default of a game without an entry).
   */
  SupervisedGame on(Deployment deployment) {
    gatewayNode = deployment.gateway();
    gamesNode = deployment.games();
    HttpResponse<String> uploaded = gamesNode.admin().post("/admin/games?instances=" + game.getInteger("instances"),
        TestJar.game(name, "1.0.0", Counter.class).bytes());
    if (uploaded.statusCode() != 200) {
      throw new AssertionError("uploading " + name + " answered " + uploaded.statusCode() + ": " + uploaded.body());
    }
    int instances = new JsonObject(uploaded.body()).getJsonArray("instances").size();
    TestNode.await("the gateway places players on " + name, () -> Admin.instances(gatewayNode, name) == instances);
    return this;
  }

  /** The node running the game: the one whose admin API and metrics tell about it. */
  TestNode node() {
    return gamesNode;
  }

  /** A client with a session on the game, whose welcome and first {@code joined} push are consumed. */
  Player player() {
    Player player = connect();
    player.push("joined");
    return player;
  }

  /** A client with a session on the game, whose welcome is consumed. */
  Player connect() {
    TestClient client = gatewayNode.tcp();
    client.send(new JsonObject().put("type", "hello").put("game", name).put("id", 1));
    JsonObject welcome = client.next();
    if (!"welcome".equals(welcome.getString("type"))) {
      throw new AssertionError("hello refused: " + welcome.encode());
    }
    return new Player(client, welcome.getString("session"), welcome.getString("instance"));
  }

  /** Makes the next {@code times} calls of a hook fail (see {@link Counter}). */
  void arm(String hook, int times) {
    System.setProperty(name + "." + hook, Integer.toString(times));
  }

  /** Waits until the game is in a {@code spin} or {@code block} sent with {@code "announce": true}. */
  void awaitBusy() {
    TestNode.await("the game is stuck", () -> System.clearProperty(name + ".busy") != null);
  }

  /** Ends every {@code block} of this test's game. */
  void release() {
    System.setProperty(name + ".release", "true");
  }

  @Override
  public void close() {
    release();
    if (ownNode) {
      gamesNode.close();
    }
    System.getProperties().keySet().removeIf(key -> key.toString().startsWith(name + "."));
  }

  private Path jar() {
    try {
      Path dir = Files.createTempDirectory("gamebus-supervised");
      dir.toFile().deleteOnExit();
      Path jar = TestJar.game(name, "1.0.0", Counter.class).writeTo(dir.resolve(name + "-1.0.0.jar"));
      jar.toFile().deleteOnExit();
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A connected player: its client, session and the instance it was placed on. */
  record Player(TestClient client, String session, String instance) implements AutoCloseable {

    JsonObject request(long id, String route, JsonObject body) {
      return client.request(id, route, body);
    }

    JsonObject request(long id, String route) {
      return request(id, route, new JsonObject());
    }

    /** Sends without waiting for the answer. */
    void send(Long id, String route, JsonObject body) {
      JsonObject msg = new JsonObject().put("type", "msg").put("route", route).put("body", body);
      if (id != null) {
        msg.put("id", id);
      }
      client.send(msg);
    }

    JsonObject next(String type) {
      return client.next(type);
    }

    /** The next push on this route, skipping other messages. */
    JsonObject push(String route) {
      return client.next(m -> "push".equals(m.getString("type")) && route.equals(m.getString("route")));
    }

    long count(long id) {
      JsonObject reply = request(id, "get");
      if (!"reply".equals(reply.getString("type"))) {
        throw new AssertionError("expected a reply, got " + reply.encode());
      }
      return reply.getJsonObject("body").getLong("count");
    }

    @Override
    public void close() {
      client.close();
    }
  }
}
