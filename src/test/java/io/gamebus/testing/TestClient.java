package io.gamebus.testing;

import io.gamebus.protocol.LengthPrefixedFrameDecoder;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A protocol client over a real socket, TCP or WebSocket, with blocking reads for tests.
 * Each client has its own small Vert.x so it shares nothing with the node under test.
 */
public final class TestClient implements AutoCloseable {
  public enum Kind { TCP, WS }

  private static final long WAIT_MS = 10_000;
  private final Vertx vertx = Vertx.vertx();
  private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private final Kind kind;
  private NetSocket tcp;
  private WebSocket ws;
  /** Held on purpose: Vert.x 5 closes a client (and its connections) once it is unreachable. */
  private Object transportClient;

  private TestClient(Kind kind) {
    this.kind = kind;
  }

  public static TestClient tcp(int port) {
    TestClient client = new TestClient(Kind.TCP);
    var netClient = client.vertx.createNetClient(new NetClientOptions());
    client.transportClient = netClient;
    client.tcp = TestNode.await(netClient.connect(port, "127.0.0.1").toCompletionStage().toCompletableFuture());
    client.tcp.handler(new LengthPrefixedFrameDecoder(Integer.MAX_VALUE, client::onPayload, n -> { }));
    client.tcp.closeHandler(v -> client.closed.complete(null));
    return client;
  }

  public static TestClient ws(int port) {
    TestClient client = new TestClient(Kind.WS);
    var wsClient = client.vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(16 << 20).setMaxMessageSize(16 << 20));
    client.transportClient = wsClient;
    client.ws = TestNode.await(wsClient.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws"))
        .toCompletionStage().toCompletableFuture());
    client.ws.textMessageHandler(text -> client.onPayload(Buffer.buffer(text)));
    client.ws.closeHandler(v -> client.closed.complete(null));
    return client;
  }

  public Kind kind() {
    return kind;
  }

  private void onPayload(Buffer payload) {
    received.add(new JsonObject(payload));
  }

  /** Sends one message. */
  public TestClient send(JsonObject message) {
    return sendRaw(message.toBuffer());
  }

  /** Sends these bytes as one frame (a length-prefixed TCP frame, or a WebSocket text frame). */
  public TestClient sendRaw(Buffer payload) {
    if (kind == Kind.TCP) {
      tcp.write(LengthPrefixedFrameDecoder.frame(payload));
    } else {
      ws.writeFrame(WebSocketFrame.textFrame(payload.toString(), true));
    }
    return this;
  }

  /** Sends bytes as they are, no framing (TCP only). */
  public TestClient sendBytes(Buffer bytes) {
    tcp.write(bytes);
    return this;
  }

  /** Sends a WebSocket binary frame. */
  public TestClient sendBinary(Buffer payload) {
    ws.writeFrame(WebSocketFrame.binaryFrame(payload, true));
    return this;
  }

  /** The next message, failing the test if none comes within 10 s. */
  public JsonObject next() {
    try {
      JsonObject message = received.poll(WAIT_MS, TimeUnit.MILLISECONDS);
      if (message == null) {
        throw new AssertionError("no message from the server within " + WAIT_MS + " ms");
      }
      return message;
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The next message of this type, skipping others (e.g. pushes). */
  public JsonObject next(String type) {
    return next(m -> type.equals(m.getString("type")));
  }

  public JsonObject next(Predicate<JsonObject> wanted) {
    long deadline = System.currentTimeMillis() + WAIT_MS;
    while (System.currentTimeMillis() < deadline) {
      JsonObject message = next();
      if (wanted.test(message)) {
        return message;
      }
    }
    throw new AssertionError("no matching message within " + WAIT_MS + " ms");
  }

  /** Nothing arrives for this long. */
  public JsonObject poll(long ms) {
    try {
      return received.poll(ms, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sends hello for a game and returns the welcome. */
  public JsonObject hello(String game) {
    send(new JsonObject().put("type", "hello").put("game", game).put("id", 1));
    return next("welcome");
  }

  /** Sends a request and returns the message answering it (reply or error). */
  public JsonObject request(long id, String route, JsonObject body) {
    send(new JsonObject().put("type", "msg").put("route", route).put("id", id).put("body", body));
    return next(m -> Long.valueOf(id).equals(m.getLong("id")));
  }

  /** For the rare wait on something the server does on a clock (snapshots). */
  public static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether the server closed the connection within the wait. */
  public boolean awaitClosed(long ms) {
    try {
      closed.get(ms, TimeUnit.MILLISECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  @Override
  public void close() {
    vertx.close();
  }
}
