package io.gamebus.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Drives a server over the wire protocol: connect and hello every connection, warm up, then
 * measure for a fixed window. Prints "WINDOW start" / "WINDOW end" around the measured window
 * (run.sh samples the server's CPU time there) and one machine-readable RESULT line.
 */
public final class LoadGenerator {

    private static final long CONNECT_TIMEOUT_SECONDS = 120;

    private LoadGenerator() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length > 0 && (argv[0].equals("swap") || argv[0].equals("nodeloss") || argv[0].equals("hellos"))) {
            String[] rest = Arrays.copyOfRange(argv, 1, argv.length);
            System.exit(switch (argv[0]) {
                case "swap" -> Swap.main(rest);
                case "nodeloss" -> NodeLoss.main(rest);
                default -> Hellos.main(rest);
            });
        }
        if (argv.length == 0 || !(argv[0].equals("reqrep") || argv[0].equals("fanout") || argv[0].equals("sessions"))) {
            Main.usage();
            System.exit(2);
        }
        String kind = argv[0];
        Args args = new Args(Arrays.copyOfRange(argv, 1, argv.length));
        String transport = args.string("transport", "ws");
        String host = args.string("host", "127.0.0.1");
        int port = args.integer("port", transport.equals("tcp") ? 27070 : 28080);
        int seconds = args.integer("seconds", 10);
        int warmup = args.integer("warmup", 5);
        int threads = args.integer("threads", Runtime.getRuntime().availableProcessors());
        String game = args.string("game", "echo");
        String name = args.string("name", kind + "-" + transport);

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(threads));
        Stats stats = new Stats();
        int connections;
        String setup;
        Workload workload;
        List<String> sources = List.of();
        if (kind.equals("sessions")) {
            connections = args.integer("sessions", 50_000);
            double pingSeconds = args.decimal("ping-seconds", 10);
            workload = new Sessions(vertx, stats, pingSeconds, args.decimal("request-fraction", 0.01));
            String list = args.string("sources", "");
            sources = list.isEmpty() ? List.of() : List.of(list.split(","));
            setup = connections + "x" + pingSeconds + "s";
        } else if (kind.equals("reqrep")) {
            connections = args.integer("connections", 100);
            int inflight = args.integer("inflight", 4);
            workload = new ReqRep(vertx, stats, inflight, args.integer("pad", 64), args.decimal("target-rate", 0));
            setup = connections + "x" + inflight;
        } else {
            int rooms = args.integer("rooms", 20);
            int players = args.integer("players", 100);
            connections = rooms * players;
            workload = new Fanout(vertx, stats, args.decimal("rate", 20));
            setup = rooms + "x" + players;
        }
        int hold = args.integer("hold", 0);
        args.rejectUnknown();

        int code = run(vertx, stats, workload, new Connector(vertx, contexts(vertx, threads), transport, host, port,
            connections, stats, sources), connections, game, warmup, seconds, hold,
            String.format("name=%s transport=%s connections=%d setup=%s", name, transport, connections, setup));
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        System.exit(code);
    }

    /**
     * Vert.x closes a client (and its connections) once the client object is garbage collected:
     * the connectors must stay reachable for as long as their connections are used.
     */
    private static final List<Connector> KEPT = new ArrayList<>();

    /** Connects and says hello on every connection; null (after saying why) if that failed. */
    static List<Peer> connect(Vertx vertx, int threads, String transport, String host, int port, int connections,
                              String game) {
        long t0 = System.nanoTime();
        Connector connector = new Connector(vertx, contexts(vertx, threads), transport, host, port, connections,
            new Stats());
        KEPT.add(connector);
        try {
            List<Peer> peers = connector.open(connections, game).toCompletionStage().toCompletableFuture()
                .get(CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            System.out.printf("connected %d in %d ms%n", peers.size(), (System.nanoTime() - t0) / 1_000_000);
            return peers;
        } catch (Exception e) {
            System.out.println("FAILED connecting " + connections + " to " + host + ":" + port + ": " + e);
            return null;
        }
    }

    /** From a non-Vert.x thread each call gives a new context on the next event loop. */
    private static List<Context> contexts(Vertx vertx, int threads) {
        List<Context> contexts = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            contexts.add(vertx.getOrCreateContext());
        }
        return contexts;
    }

    /**
     * Waits out the warm-up, then measures for {@code seconds} between "WINDOW start" and "WINDOW end";
     * {@code windowStarted} runs as the window opens.
     */
    static Stats.Window measure(Stats stats, int warmup, int seconds, Runnable windowStarted) throws InterruptedException {
        Thread.sleep(warmup * 1000L);
        // The first collections copy everything the connections keep; get ours done before measuring.
        System.gc();
        stats.reset();
        windowStarted.run();
        System.out.println("WINDOW start");
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long elapsed = System.nanoTime() - start;
        System.out.println("WINDOW end");
        return stats.cut(elapsed);
    }

    private static int run(Vertx vertx, Stats stats, Workload workload, Connector connector, int connections,
                           String game, int warmup, int seconds, int hold, String header) throws InterruptedException {
        // run.sh reads this process's CPU time from /proc by this pid.
        System.out.println("load pid=" + ProcessHandle.current().pid());
        KEPT.add(connector);
        long t0 = System.nanoTime();
        List<Peer> peers;
        try {
            peers = connector.open(connections, game).toCompletionStage().toCompletableFuture()
                .get(Math.max(CONNECT_TIMEOUT_SECONDS, connections / 100), TimeUnit.SECONDS);
        } catch (Exception e) {
            System.out.println("FAILED " + header + " connecting: " + e);
            return 1;
        }
        System.out.printf("connected %d in %d ms%n", peers.size(), (System.nanoTime() - t0) / 1_000_000);

        workload.start(peers);
        Stats.Window window = measure(stats, warmup, seconds, workload::windowStarted);
        workload.stop();

        System.out.printf("%s: %.0f msgs/s, latency us p50 %d p99 %d p999 %d max %d (sent %d, errors %d, closes %d)%n",
            header, window.perSecond(window.received()), window.percentile(50), window.percentile(99),
            window.percentile(99.9), window.latency().getMaxValue(), window.sent(), window.errors(), window.closes());
        System.out.println("RESULT " + header + " " + workload.fields(window) + " " + window.fields());
        if (hold > 0) {
            // The connections stay open, quiet, while the caller looks at the server (its memory).
            System.out.println("HOLD start");
            Thread.sleep(hold * 1000L);
            System.out.println("HOLD end");
        }
        return window.received() > 0 ? 0 : 1;
    }
}
