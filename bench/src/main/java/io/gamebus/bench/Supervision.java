package io.gamebus.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How fast gamebus replaces a failed game instance (bench/README.md, section Supervision).
 *
 * <p>{@code players} connections are placed on the one instance of the {@code crashtest} game
 * (bench/crash-game). After {@code warmup-rounds} uncounted crashes (JIT warm-up), in each round
 * one of them makes the game throw (route {@code crash}) or loop (route {@code spin}), and the
 * round lasts until every player got its {@code moved}: the figure is that time, from sending
 * the fatal message. Rounds are {@code gap-ms} apart, longer
 * than the server's {@code supervisor.withinSeconds}, so each restart is immediate (no backoff).
 * Meanwhile {@code probes} connections to another game keep one request each in flight; their
 * latency is reported apart for the windows where a game was spinning.
 */
final class Supervision {

    private static final long ROUND_TIMEOUT_MS = 30_000;

    private final Recorder baseline = new Recorder(3);
    private final Recorder whileSpinning = new Recorder(3);
    private volatile Round round;
    private volatile boolean spinning;
    private volatile boolean probing = true;

    private Supervision() {
    }

    static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        String transport = args.string("transport", "tcp");
        String host = args.string("host", "127.0.0.1");
        int port = args.integer("port", 17471);
        int players = args.integer("players", 1000);
        int crashes = args.integer("crashes", 100);
        int hangs = args.integer("hangs", 10);
        int warmup = args.integer("warmup-rounds", 20);
        long gapMs = args.integer("gap-ms", 1200);
        String game = args.string("game", "crashtest");
        String probeGame = args.string("probe-game", "echo");
        int probes = args.integer("probes", 4);
        int threads = args.integer("threads", Runtime.getRuntime().availableProcessors());
        args.rejectUnknown();
        System.exit(new Supervision().run(transport, host, port, players, warmup, crashes, hangs, gapMs, game,
            probeGame, probes, threads));
    }

    private int run(String transport, String host, int port, int playerCount, int warmup, int crashes, int hangs,
                    long gapMs,
                    String game, String probeGame, int probeCount, int threads) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(threads));
        List<Context> contexts = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            contexts.add(vertx.getOrCreateContext());
        }
        Stats stats = new Stats();
        // Held until the end: Vert.x closes a client's connections once the client is garbage collected.
        Connector playerConnector = new Connector(vertx, contexts, transport, host, port, playerCount, stats);
        Connector probeConnector = new Connector(vertx, contexts, transport, host, port, probeCount, stats);
        long t0 = System.nanoTime();
        List<Peer> players = playerConnector.open(playerCount, game).toCompletionStage().toCompletableFuture()
            .get(120, TimeUnit.SECONDS);
        List<Peer> probes = probeConnector.open(probeCount, probeGame).toCompletionStage().toCompletableFuture()
            .get(60, TimeUnit.SECONDS);
        Set<String> instances = new TreeSet<>();
        players.forEach(p -> instances.add(p.instance()));
        System.out.printf("connected %d players and %d probes in %d ms; players on %s%n", players.size(),
            probes.size(), (System.nanoTime() - t0) / 1_000_000, instances);
        if (instances.size() != 1) {
            System.out.println("FAILED the players are spread over " + instances + ": run one instance of " + game);
            return 1;
        }
        for (Peer player : players) {
            player.link().messageHandler(message -> {
                Round current = round;
                if (current != null) {
                    current.received(message);
                }
            });
        }
        probes.forEach(this::probe);

        Thread.sleep(2_000); // the probes' baseline
        Peer trigger = players.get(0);
        rounds("warm-up", "crash", warmup, players, trigger, gapMs, 1); // JIT warm-up, not counted
        Histogram crashTimes = rounds("crash", "crash", crashes, players, trigger, gapMs, warmup + 1);
        Histogram hangTimes = rounds("hang", "spin", hangs, players, trigger, gapMs, warmup + crashes + 1);
        probing = false;

        long closes = stats.cut(1).closes();
        System.out.println("RESULT " + result("crash", crashTimes, playerCount, closes));
        System.out.println("RESULT " + result("hang", hangTimes, playerCount, closes));
        Histogram base = baseline.getIntervalHistogram();
        Histogram spin = whileSpinning.getIntervalHistogram();
        System.out.printf("RESULT name=supervision-probes probes=%d baseline_p50_us=%d baseline_p99_us=%d"
                + " baseline_max_us=%d spinning_n=%d spinning_p50_us=%d spinning_p99_us=%d spinning_max_us=%d%n",
            probeCount, base.getValueAtPercentile(50), base.getValueAtPercentile(99), base.getMaxValue(),
            spin.getTotalCount(), spin.getValueAtPercentile(50), spin.getValueAtPercentile(99), spin.getMaxValue());
        Reference.reachabilityFence(playerConnector);
        Reference.reachabilityFence(probeConnector);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return closes == 0 && crashTimes.getTotalCount() == crashes && hangTimes.getTotalCount() == hangs ? 0 : 1;
    }

    /** Runs {@code count} rounds; the histogram of their times, in microseconds. */
    private Histogram rounds(String label, String route, int count, List<Peer> players, Peer trigger, long gapMs,
                             long firstId)
        throws InterruptedException {
        Histogram times = new Histogram(3);
        for (int i = 0; i < count; i++) {
            Thread.sleep(gapMs);
            long id = firstId + i;
            Round current = new Round(players.size(), id);
            round = current;
            spinning = route.equals("spin");
            long start = System.nanoTime();
            trigger.link().send("{\"type\":\"msg\",\"route\":\"" + route + "\",\"id\":" + id + ",\"body\":{}}");
            boolean done = current.allMoved.await(ROUND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            spinning = false;
            if (!done) {
                System.out.printf("%s round %d: only %d of %d players got moved within %d ms%n", label, i + 1,
                    players.size() - current.allMoved.getCount(), players.size(), ROUND_TIMEOUT_MS);
                continue;
            }
            long micros = (current.lastMoved.get() - start) / 1000;
            times.recordValue(micros);
            if (!"game_error".equals(current.answer)) {
                System.out.printf("%s round %d: the trigger's request was answered %s, not game_error%n", label,
                    i + 1, current.answer);
            }
            System.out.printf("%s round %d: all %d players moved in %.1f ms%n", label, i + 1, players.size(),
                micros / 1000.0);
        }
        return times;
    }

    private static String result(String kind, Histogram times, int players, long closes) {
        long over100 = times.getCountBetweenValues(100_001, Long.MAX_VALUE / 2);
        return String.format("name=supervision-%s players=%d rounds=%d p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f"
                + " max_ms=%.1f over_100ms=%d closes=%d",
            kind, players, times.getTotalCount(), times.getValueAtPercentile(50) / 1000.0,
            times.getValueAtPercentile(90) / 1000.0, times.getValueAtPercentile(99) / 1000.0,
            times.getMaxValue() / 1000.0, over100, closes);
    }

    /** One request in flight on a probe connection, for as long as the run goes. */
    private void probe(Peer peer) {
        AtomicLong sentAt = new AtomicLong();
        AtomicLong next = new AtomicLong(1);
        Runnable send = () -> {
            sentAt.set(System.nanoTime());
            peer.link().send("{\"type\":\"msg\",\"route\":\"probe\",\"id\":" + next.getAndIncrement() + ",\"body\":{}}");
        };
        peer.link().messageHandler(message -> {
            if (!"reply".equals(message.getString("type"))) {
                return;
            }
            long micros = (System.nanoTime() - sentAt.get()) / 1000;
            if (spinning) {
                whileSpinning.recordValue(micros);
            } else if (round == null) {
                baseline.recordValue(micros);
            }
            if (probing) {
                send.run();
            }
        });
        peer.link().context().runOnContext(v -> send.run());
    }

    /** What the players receive during one round; written from every event loop. */
    private static final class Round {
        final CountDownLatch allMoved;
        final AtomicLong lastMoved = new AtomicLong();
        final long requestId;
        volatile String answer;

        Round(int players, long requestId) {
            this.allMoved = new CountDownLatch(players);
            this.requestId = requestId;
        }

        void received(JsonObject message) {
            String type = String.valueOf(message.getValue("type"));
            if (type.equals("moved")) {
                lastMoved.accumulateAndGet(System.nanoTime(), Math::max);
                allMoved.countDown();
            } else if (Long.valueOf(requestId).equals(message.getLong("id"))) {
                answer = type.equals("error") ? message.getString("code") : type;
            }
        }
    }

    static String usage() {
        return "  java -jar gamebus-bench.jar supervision [--transport tcp|ws] [--host H] [--port 17471] [--players 1000]\n"
            + "       [--warmup-rounds 20] [--crashes 100] [--hangs 10] [--gap-ms 1200] [--game crashtest] [--probe-game echo] [--probes 4]"
            + " [--threads T]";
    }
}
