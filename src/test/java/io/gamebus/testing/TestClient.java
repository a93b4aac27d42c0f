package io.gamebus.testing;

import io.gamebus.protocol.LengthPrefixedFrameDecoder;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A protocol client over a real socket, TCP or WebSocket, with blocking reads for tests.
 * Clients run on one client-side Vert.x for the whole test JVM (or on one given to them), so
 * they share nothing with the node under test, and every socket call runs on the client's
 * Vert.x context rather than the test's thread.
 *
 * <p>A client keeps its Vert.x {@code NetClient} / {@code WebSocketClient} for as long as it
 * lives: Vert.x 5 closes a client that is no longer referenced, open connections included,
 * as soon as the garbage collector notices. (Before, that closed test connections at
 * random moments: "Connection was closed" on a first write, or a socket dropped mid-test.)
 */
public final class TestClient implements AutoCloseable {
  public enum Kind { TCP, WS }

  private static final long WAIT_MS = 10_000;
  private final Vertx vertx;
  private final Context context;
  private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private final Kind kind;
  private NetClient netClient;
  private WebSocketClient wsClient;
  private NetSocket tcp;
  private WebSocket ws;

  private static Vertx clientVertx;

  private TestClient(Kind kind, Vertx shared) {
    this.kind = kind;
    this.vertx = shared == null ? clientVertx() : shared;
    this.context = vertx.getOrCreateContext();
  }

  /** The client side's Vert.x, started on first use and left to die with the test JVM. */
  private static synchronized Vertx clientVertx() {
    if (clientVertx == null) {
      clientVertx = Vertx.vertx();
    }
    return clientVertx;
  }

  public static TestClient tcp(int port) {
    return tcp(null, port);
  }

  public static TestClient ws(int port) {
    return ws(null, port);
  }

  /** A client of this kind on a Vert.x shared with other clients (many clients, few threads). */
  public static TestClient connect(Vertx shared, Kind kind, int tcpPort, int httpPort) {
    return kind == Kind.TCP ? tcp(shared, tcpPort) : ws(shared, httpPort);
  }

  /** A TCP client; on {@code shared} Vert.x, or the tests' client Vert.x when null. */
  public static TestClient tcp(Vertx shared, int port) {
    return tcp(shared, port, false);
  }

  /** A client of this kind over TLS, trusting any certificate (tests make their own). */
  public static TestClient tls(Kind kind, int port) {
    return kind == Kind.TCP ? tcp(null, port, true) : ws(null, port, true);
  }

  private static TestClient tcp(Vertx shared, int port, boolean tls) {
    TestClient client = new TestClient(Kind.TCP, shared);
    client.netClient = client.vertx.createNetClient(new NetClientOptions().setSsl(tls).setTrustAll(tls)
        .setHostnameVerificationAlgorithm(""));
    client.tcp = client.call(v -> client.netClient.connect(port, "127.0.0.1")
        .onSuccess(socket -> {
          socket.handler(new LengthPrefixedFrameDecoder(Integer.MAX_VALUE, client::onPayload, n -> { }));
          socket.closeHandler(x -> client.closed.complete(null));
        }));
    return client;
  }

  /** A WebSocket client on {@code /ws}; on {@code shared} Vert.x, or the tests' client Vert.x when null. */
  public static TestClient ws(Vertx shared, int port) {
    return ws(shared, port, false);
  }

  private static TestClient ws(Vertx shared, int port, boolean tls) {
    TestClient client = new TestClient(Kind.WS, shared);
    client.wsClient = client.vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(16 << 20).setMaxMessageSize(16 << 20).setSsl(tls).setTrustAll(tls).setVerifyHost(false));
    client.ws = client.call(v -> client.wsClient.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws")
            .setSsl(tls))
        .onSuccess(socket -> {
          socket.textMessageHandler(text -> client.onPayload(Buffer.buffer(text)));
          socket.closeHandler(x -> client.closed.complete(null));
        }));
    return client;
  }

  public Kind kind() {
    return kind;
  }

  /** The common name of the certificate the server presented (a TLS client). */
  public String serverCommonName() {
    try {
      javax.net.ssl.SSLSession session = kind == Kind.TCP ? tcp.sslSession() : ws.sslSession();
      return TestCertificates.commonName(List.of(session.getPeerCertificates()));
    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
      throw new AssertionError("no server certificate", e);
    }
  }

  private void onPayload(Buffer payload) {
    received.add(new JsonObject(payload));
  }

  /** Runs an asynchronous call on the client's context and waits for its result. */
  private <T> T call(Function<Void, Future<T>> action) {
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(v -> action.apply(null).onComplete(ar -> {
      if (ar.succeeded()) {
        result.complete(ar.result());
      } else {
        result.completeExceptionally(ar.cause());
      }
    }));
    return TestNode.await(result);
  }

  private TestClient onContext(Runnable action) {
    context.runOnContext(v -> action.run());
    return this;
  }

  /** Sends one message. */
  public TestClient send(JsonObject message) {
    return sendRaw(message.toBuffer());
  }

  /** Sends these bytes as one frame (a length-prefixed TCP frame, or a WebSocket text frame). */
  public TestClient sendRaw(Buffer payload) {
    if (kind == Kind.TCP) {
      return sendBytes(LengthPrefixedFrameDecoder.frame(payload));
    }
    return sendFrame(WebSocketFrame.textFrame(payload.toString(), true));
  }

  /** Sends bytes as they are, no framing (TCP only). */
  public TestClient sendBytes(Buffer bytes) {
    return onContext(() -> tcp.write(bytes));
  }

  /** Sends a WebSocket binary frame. */
  public TestClient sendBinary(Buffer payload) {
    return sendFrame(WebSocketFrame.binaryFrame(payload, true));
  }

  /** Sends a WebSocket frame as it is (fragments, pings...). */
  public TestClient sendFrame(WebSocketFrame frame) {
    return onContext(() -> ws.writeFrame(frame));
  }

  /** Sends a WebSocket ping control frame. */
  public TestClient sendPingFrame() {
    return onContext(() -> ws.writePing(Buffer.buffer("are you there")));
  }

  /** Stops reading from the socket: the server's writes pile up in the kernel buffers, then in its own. */
  public TestClient pause() {
    return onContext(() -> {
      if (kind == Kind.TCP) {
        tcp.pause();
      } else {
        ws.pause();
      }
    });
  }

  /** Reads again after {@link #pause()}. */
  public TestClient resume() {
    return onContext(() -> {
      if (kind == Kind.TCP) {
        tcp.resume();
      } else {
        ws.resume();
      }
    });
  }

  /** The next message, failing the test if none comes within 10 s. */
  public JsonObject next() {
    JsonObject message = poll(WAIT_MS);
    if (message == null) {
      throw new AssertionError("no message from the server within " + WAIT_MS + " ms");
    }
    return message;
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

  /** The next message, or null if none arrives within this many milliseconds. */
  public JsonObject poll(long ms) {
    try {
      return received.poll(ms, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Every message still to come until the server closes the connection (fails after 10 s). */
  public List<JsonObject> untilClosed() {
    List<JsonObject> messages = new ArrayList<>();
    long deadline = System.currentTimeMillis() + WAIT_MS;
    while (System.currentTimeMillis() < deadline) {
      JsonObject message = poll(20);
      if (message != null) {
        messages.add(message);
      } else if (closed.isDone()) {
        received.drainTo(messages);
        return messages;
      }
    }
    throw new AssertionError("the server did not close the connection within " + WAIT_MS + " ms; got " + messages);
  }

  /** Sends hello for a game and returns the welcome (skipping pushes; anything else fails the test). */
  public JsonObject hello(String game) {
    send(new JsonObject().put("type", "hello").put("game", game).put("id", 1));
    JsonObject answer = next(m -> !"push".equals(m.getString("type")));
    if (!"welcome".equals(answer.getString("type"))) {
      throw new AssertionError("hello for " + game + " was answered with " + answer);
    }
    return answer;
  }

  /** Sends a request and returns the message answering it (reply or error). */
  public JsonObject request(long id, String route, JsonObject body) {
    send(new JsonObject().put("type", "msg").put("route", route).put("id", id).put("body", body));
    return next(m -> Long.valueOf(id).equals(m.getLong("id")));
  }

  /** Whether the server closed the connection within the wait. */
  /** For the rare wait on something the server does on a clock (snapshots). */
  public static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

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

  /** Closes the connection from this side (the server sees a disconnect). */
  @Override
  public void close() {
    try {
      call(v -> kind == Kind.TCP ? tcp.close() : ws.close());
    } catch (IllegalStateException alreadyClosed) {
      // the server closed it first
    }
    call(v -> kind == Kind.TCP ? netClient.close() : wsClient.close());
  }
}
