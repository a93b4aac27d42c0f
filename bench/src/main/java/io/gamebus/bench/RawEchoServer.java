package io.gamebus.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.NetServerOptions;

/**
 * The baseline: the least a Vert.x server must do to speak the gamebus wire protocol
 * (frame, parse, build the answer, encode). gamebus's CPU per message is compared to this.
 */
public final class RawEchoServer extends VerticleBase {

    private final String host;
    private final int tcpPort;
    private final int httpPort;
    private final Rooms rooms;

    RawEchoServer(String host, int tcpPort, int httpPort, Rooms rooms) {
        this.host = host;
        this.tcpPort = tcpPort;
        this.httpPort = httpPort;
        this.rooms = rooms;
    }

    public static void main(String[] argv) {
        Args args = new Args(argv);
        String host = args.string("host", "127.0.0.1");
        int tcpPort = args.integer("tcp-port", 27070);
        int httpPort = args.integer("http-port", 28080);
        Rooms rooms = new Rooms(args.integer("room-size", 100));
        args.rejectUnknown();

        Vertx vertx = Vertx.vertx();
        // One verticle per core, like any Vert.x server; under `taskset -c 1` that is one.
        int instances = Runtime.getRuntime().availableProcessors();
        vertx.deployVerticle(() -> new RawEchoServer(host, tcpPort, httpPort, rooms),
                new DeploymentOptions().setInstances(instances))
            .onSuccess(id -> System.out.printf("raw-echo ready tcp=%s:%d ws=ws://%s:%d/ws instances=%d%n",
                host, tcpPort, host, httpPort, instances))
            .onFailure(e -> {
                e.printStackTrace();
                System.exit(1);
            });
    }

    @Override
    public Future<?> start() {
        Future<?> tcp = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true))
            .connectHandler(socket -> new RawSession(Link.of(socket), rooms))
            .listen(tcpPort, host);
        Future<?> http = vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true))
            .webSocketHandler(ws -> {
                if (!"/ws".equals(ws.path())) {
                    ws.close((short) 1008, "unknown path");
                    return;
                }
                new RawSession(Link.of(ws), rooms);
            })
            .requestHandler(request -> request.response().setStatusCode(404).end())
            .listen(httpPort, host);
        return Future.all(tcp, http);
    }
}
