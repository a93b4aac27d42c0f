package io.gamebus.supervisor;

import io.gamebus.hotswap.TestJar;
import io.gamebus.testing.TestClient;
import io.gamebus.testing.TestNode;
import io.gamebus.testing.games.Counter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A node running {@link Counter} from a game jar, with supervision limits small
 * enough for tests, and the switches that make the game fail. One per test; {@link #close()}
 * releases every game thread the test left blocked and stops the node.
 */
final class SupervisedGame implements AutoCloseable {
  static final String GAME = "supervised";
  private static Path jar;

  final String tag = "sv-" + UUID.randomUUID();
  private final JsonObject game = new JsonObject().put("instances", 1).put("capacity", 100).put("snapshotMs", 0);
  private final JsonObject supervisor = new JsonObject().put("hangMs", 2_000).put("maxRestarts", 5)
      .put("withinSeconds", 60).put("maxAbandonedThreads", 8);
  private final JsonObject gateway = new JsonObject().put("defaultGame", GAME);
  private TestNode node;

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

  SupervisedGame start() {
    JsonObject entry = game.copy().put("jar", jar().toString()).put("config", new JsonObject().put("tag", tag));
    node = TestNode.start(new JsonObject().put("games", new JsonArray().add(entry))
        .put("supervisor", supervisor).put("gateway", gateway));
    return this;
  }

  TestNode node() {
    return node;
  }

  /** A client with a session on the game, whose welcome and first {@code joined} push are consumed. */
  Player player() {
    Player player = connect();
    player.push("joined");
    return player;
  }

  /** A client with a session on the game, whose welcome is consumed. */
  Player connect() {
    TestClient client = node.tcp();
    client.send(new JsonObject().put("type", "hello").put("game", GAME).put("id", 1));
    JsonObject welcome = client.next();
    if (!"welcome".equals(welcome.getString("type"))) {
      throw new AssertionError("hello refused: " + welcome.encode());
    }
    return new Player(client, welcome.getString("session"), welcome.getString("instance"));
  }

  /** Makes the next {@code times} calls of a hook fail (see {@link Counter}). */
  void arm(String hook, int times) {
    System.setProperty(tag + "." + hook, Integer.toString(times));
  }

  /** Waits until the game is in a {@code spin} or {@code block} sent with {@code "announce": true}. */
  void awaitBusy() {
    TestNode.await("the game is stuck", () -> System.clearProperty(tag + ".busy") != null);
  }

  /** Ends every {@code block} of this test's game. */
  void release() {
    System.setProperty(tag + ".release", "true");
  }

  @Override
  public void close() {
    release();
    if (node != null) {
      node.close();
    }
    System.getProperties().keySet().removeIf(key -> key.toString().startsWith(tag + "."));
  }

  private static synchronized Path jar() {
    if (jar == null) {
      try {
        Path dir = Files.createTempDirectory("gamebus-supervised");
        dir.toFile().deleteOnExit();
        jar = TestJar.game(GAME, "1.0.0", Counter.class).writeTo(dir.resolve("supervised-1.0.0.jar"));
        jar.toFile().deleteOnExit();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return jar;
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
