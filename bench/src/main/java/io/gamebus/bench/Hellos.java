package io.gamebus.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code load hellos}: sessions opened per second. Each of {@code --concurrency} loops connects
 * over TCP, sends {@code hello} (with the next token of {@code --tokens}, a file of one JWT per
 * line, if given), waits for the {@code welcome}, says {@code bye} and connects again. Every
 * run does the same connection churn, so comparing runs with and without tokens isolates what
 * verifying them costs the server. Prints "WINDOW start/end" and a RESULT line like the other
 * workloads (msgs = welcomes).
 */
final class Hellos {

    private final Vertx vertx;
    private final NetClient client;
    private final Stats stats;
    private final String host;
    private final int port;
    private final String game;
    private final List<String> tokens;
    private final AtomicInteger next = new AtomicInteger();
    private volatile boolean running = true;

    private Hellos(Vertx vertx, Stats stats, String host, int port, String game, List<String> tokens) {
        this.vertx = vertx;
        this.client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setReuseAddress(true));
        this.stats = stats;
        this.host = host;
        this.port = port;
        this.game = game;
        this.tokens = tokens;
    }

    static int main(String[] argv) throws Exception {
        Args args = new Args(argv);
        String host = args.string("host", "127.0.0.1");
        int port = args.integer("port", 17070);
        int concurrency = args.integer("concurrency", 16);
        int seconds = args.integer("seconds", 10);
        int warmup = args.integer("warmup", 5);
        int threads = args.integer("threads", Runtime.getRuntime().availableProcessors());
        String file = args.string("tokens", "");
        String game = args.string("game", "echo");
        String name = args.string("name", "hellos");
        args.rejectUnknown();
        List<String> tokens = file.isEmpty() ? List.of()
            : Files.readAllLines(Path.of(file)).stream().filter(line -> !line.isBlank()).toList();

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(threads));
        Stats stats = new Stats();
        Hellos hellos = new Hellos(vertx, stats, host, port, game, tokens);
        System.out.println("load pid=" + ProcessHandle.current().pid());
        for (int i = 0; i < concurrency; i++) {
            Context context = vertx.getOrCreateContext();
            context.runOnContext(v -> hellos.loop());
        }
        Stats.Window window = LoadGenerator.measure(stats, warmup, seconds, () -> { });
        hellos.running = false;
        String header = String.format("name=%s transport=tcp connections=%d setup=hellos tokens=%d",
            name, concurrency, tokens.size());
        System.out.printf("%s: %.0f hellos/s, latency us p50 %d p99 %d (errors %d)%n", header,
            window.perSecond(window.received()), window.percentile(50), window.percentile(99), window.errors());
        System.out.println("RESULT " + header + " " + window.fields());
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return window.received() > 0 && window.errors() == 0 ? 0 : 1;
    }

    /** One session after another on a fresh connection each, until the run ends. */
    private void loop() {
        if (!running) {
            return;
        }
        long sentAt = System.nanoTime();
        client.connect(port, host).onComplete(ar -> {
            if (ar.failed()) {
                stats.error();
                vertx.setTimer(100, t -> loop());
                return;
            }
            Link link = Link.of(ar.result());
            boolean[] done = new boolean[1];
            link.messageHandler(message -> {
                if (done[0]) {
                    return;
                }
                done[0] = true;
                if ("welcome".equals(message.getString("type"))) {
                    stats.received(sentAt);
                } else {
                    stats.error();
                }
                link.send(new JsonObject().put("type", "bye").encode());
                link.close();
            });
            link.closeHandler(this::loop);
            JsonObject hello = new JsonObject().put("type", "hello").put("game", game).put("id", 1);
            if (!tokens.isEmpty()) {
                hello.put("token", tokens.get(Math.floorMod(next.getAndIncrement(), tokens.size())));
            }
            stats.sent();
            link.send(hello.encode());
        });
    }
}
