package io.gamebus.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Opens connections, spread over the event loops, and says hello on each. */
final class Connector {

    /** Connects in flight at once: enough to be quick, few enough not to overflow the accept backlog. */
    private static final int LANES = 64;

    private final List<Context> contexts;
    private final boolean webSocket;
    private final String host;
    private final int port;
    private final Stats stats;
    /** One client per local (source) address: each address has its own range of ephemeral ports. */
    private final WebSocketClient[] wsClients;
    private final NetClient[] netClients;

    Connector(Vertx vertx, List<Context> contexts, String transport, String host, int port, int connections,
              Stats stats) {
        this(vertx, contexts, transport, host, port, connections, stats, List.of());
    }

    /** @param localAddresses the source addresses to connect from, in turn (none: the system's choice) */
    Connector(Vertx vertx, List<Context> contexts, String transport, String host, int port, int connections,
              Stats stats, List<String> localAddresses) {
        this.contexts = contexts;
        this.webSocket = switch (transport) {
            case "ws" -> true;
            case "tcp" -> false;
            default -> throw new IllegalArgumentException("--transport must be ws or tcp");
        };
        this.host = host;
        this.port = port;
        this.stats = stats;
        List<String> sources = localAddresses.isEmpty() ? java.util.Collections.singletonList(null) : localAddresses;
        this.wsClients = new WebSocketClient[sources.size()];
        this.netClients = new NetClient[sources.size()];
        for (int i = 0; i < sources.size(); i++) {
            // The WebSocket client allows 50 connections per server unless told otherwise.
            wsClients[i] = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxConnections(connections + LANES).setTcpNoDelay(true).setConnectTimeout(10_000)
                .setLocalAddress(sources.get(i)));
            netClients[i] = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(10_000)
                .setLocalAddress(sources.get(i)));
        }
    }

    Future<List<Peer>> open(int count, String game) {
        Peer[] peers = new Peer[count];
        AtomicInteger next = new AtomicInteger();
        Future<?>[] lanes = new Future<?>[Math.min(LANES, count)];
        Arrays.setAll(lanes, i -> lane(next, peers, game));
        return Future.all(Arrays.asList(lanes)).map(v -> List.of(peers));
    }

    private Future<Void> lane(AtomicInteger next, Peer[] peers, String game) {
        int i = next.getAndIncrement();
        if (i >= peers.length) {
            return Future.succeededFuture();
        }
        return connect(contexts.get(i % contexts.size()), i % wsClients.length, game).compose(peer -> {
            peers[i] = peer;
            return lane(next, peers, game);
        });
    }

    /** Connects from the given context, so the connection's handlers run on its event loop. */
    private Future<Peer> connect(Context context, int source, String game) {
        Promise<Peer> welcomed = Promise.promise();
        context.runOnContext(v -> dial(source).onFailure(welcomed::fail).onSuccess(link -> hello(link, game, welcomed)));
        return welcomed.future();
    }

    private Future<Link> dial(int source) {
        return webSocket
            ? wsClients[source].connect(port, host, "/ws").map(Link::of)
            : netClients[source].connect(port, host).map(Link::of);
    }

    private void hello(Link link, String game, Promise<Peer> welcomed) {
        link.closeHandler(() -> {
            stats.unexpectedClose();
            welcomed.tryFail("closed before welcome");
        });
        link.messageHandler(message -> {
            switch (String.valueOf(message.getValue("type"))) {
                case "welcome" -> welcomed.tryComplete(new Peer(link, message.getString("instance"),
                    message.getString("node")));
                case "error" -> welcomed.tryFail("hello refused: " + message.encode());
                default -> { }
            }
        });
        link.send(new JsonObject().put("type", "hello").put("game", game).put("id", 1).encode());
    }
}
