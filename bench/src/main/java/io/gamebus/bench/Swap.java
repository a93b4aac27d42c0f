package io.gamebus.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Hot swap under load: players of the bench counter game each keep one {@code add} in flight;
 * after a baseline window the new version's jar is POSTed to {@code /admin/games}, and the run
 * measures how long the swap takes (until the 200, until every player saw {@code moved}), what
 * the players saw during it (latency, errors, closes) and whether every request was answered
 * and every acknowledged increment kept. Prints {@code WINDOW <name> start|end} around the
 * baseline, swap and after windows (bench/hotswap.sh samples CPU there) and one RESULT line.
 */
final class Swap {

    private Swap() {
    }

    static int main(String[] argv) throws Exception {
        Args args = new Args(argv);
        String transport = args.string("transport", "tcp");
        String host = args.string("host", "127.0.0.1");
        int port = args.integer("port", 17070);
        int connections = args.integer("connections", 1000);
        int threads = args.integer("threads", Runtime.getRuntime().availableProcessors());
        String game = args.string("game", "counter");
        int warmup = args.integer("warmup", 5);
        int baseline = args.integer("baseline", 10);
        int after = args.integer("after", 10);
        int adminPort = args.integer("admin-port", 19090);
        String token = args.string("token", System.getenv("GAMEBUS_ADMIN_TOKEN"));
        String jar = args.string("jar", null);
        String mode = args.string("mode", "migrate");
        int maxSwapSeconds = args.integer("max-swap-seconds", 60);
        int drainSeconds = args.integer("drain-seconds", 10);
        String name = args.string("name", "swap-" + transport + "-" + connections);
        args.rejectUnknown();
        if (jar == null || token == null) {
            throw new IllegalArgumentException("--jar and --token (or GAMEBUS_ADMIN_TOKEN) are required");
        }

        System.out.println("load pid=" + ProcessHandle.current().pid());
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(threads));
        Tally tally = new Tally();
        Lineages lineages = new Lineages();
        List<Peer> connected = LoadGenerator.connect(vertx, threads, transport, host, port, connections, game);
        if (connected == null) {
            vertx.close();
            return 1;
        }
        List<CounterPeer> peers = new ArrayList<>();
        connected.forEach(p -> peers.add(new CounterPeer(vertx, p, tally, lineages, 0)));
        Map<String, Integer> perInstance = new TreeMap<>();
        peers.forEach(p -> perInstance.merge(p.origin, 1, Integer::sum));
        System.out.println("placed " + perInstance);

        peers.forEach(CounterPeer::start);
        Thread.sleep(warmup * 1000L);
        System.gc();
        long mark = System.nanoTime();
        tally.cut(1);
        System.out.println("WINDOW baseline start");
        Thread.sleep(baseline * 1000L);
        long now = System.nanoTime();
        Tally.Window base = tally.cut(now - mark);
        System.out.println("WINDOW baseline end");
        mark = now;

        // The swap: POST, then wait until every player has been told it moved.
        System.out.println("WINDOW swap start");
        long postAt = System.nanoTime();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest post = HttpRequest.newBuilder(URI.create("http://" + host + ":" + adminPort + "/admin/games?mode=" + mode))
            .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(180))
            .POST(HttpRequest.BodyPublishers.ofFile(Path.of(jar))).build();
        int status;
        String answer;
        try {
            HttpResponse<String> response = http.send(post, HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            answer = response.body();
        } catch (Exception e) {
            status = -1;
            answer = e.toString();
        }
        long answeredAt = System.nanoTime();
        System.out.printf("POST /admin/games?mode=%s: %d after %.1f ms: %s%n", mode, status,
            (answeredAt - postAt) / 1e6, answer.length() > 300 ? answer.substring(0, 300) + "..." : answer);
        long deadline = postAt + maxSwapSeconds * 1_000_000_000L;
        while (System.nanoTime() < deadline && peers.stream().anyMatch(p -> p.moves == 0)) {
            Thread.sleep(5);
        }
        long movedCount = peers.stream().filter(p -> p.moves > 0).count();
        long firstMoved = peers.stream().filter(p -> p.moves > 0).mapToLong(p -> p.firstMovedAt).min().orElse(-1);
        long lastMoved = peers.stream().filter(p -> p.moves > 0).mapToLong(p -> p.firstMovedAt).max().orElse(-1);
        // One more second: the requests that were in flight across the move are answered in it.
        long swapEnd = Math.max(answeredAt, lastMoved > 0 ? lastMoved : System.nanoTime()) + 1_000_000_000L;
        Thread.sleep(Math.max(0, (swapEnd - System.nanoTime()) / 1_000_000));
        now = System.nanoTime();
        Tally.Window swap = tally.cut(now - mark);
        System.out.println("WINDOW swap end");
        mark = now;

        System.out.println("WINDOW after start");
        Thread.sleep(after * 1000L);
        now = System.nanoTime();
        Tally.Window later = tally.cut(now - mark);
        System.out.println("WINDOW after end");

        // Stop, and give every request in flight the time to be answered (by reply, error or timeout).
        peers.forEach(CounterPeer::stop);
        long drainDeadline = System.nanoTime() + drainSeconds * 1_000_000_000L;
        while (System.nanoTime() < drainDeadline && peers.stream().anyMatch(CounterPeer::waiting)) {
            Thread.sleep(10);
        }
        long lost = peers.stream().filter(CounterPeer::waiting).count();
        long accountedLost = tally.sent.sum() - tally.replies.sum() - tally.answeredErrors.sum();

        // The counter check: every lineage's count read back equals its acknowledged adds.
        Map<String, CounterPeer> reader = new LinkedHashMap<>();
        peers.forEach(p -> reader.putIfAbsent(p.origin, p));
        Map<String, Long> finals = new HashMap<>();
        String countError = null;
        for (Map.Entry<String, CounterPeer> e : reader.entrySet()) {
            try {
                JsonObject body = e.getValue().get().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                finals.put(e.getKey(), body.getLong("count"));
            } catch (Exception ex) {
                countError = "get from a player of lineage " + e.getKey() + " failed: " + ex;
                System.out.println(countError);
            }
        }
        long acked = 0;
        long finalSum = 0;
        long duplicates = 0;
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, Lineages.Line> e : lineages.lines().entrySet()) {
            Lineages.Line line = e.getValue();
            acked += line.acked();
            duplicates += line.duplicates();
            Long fin = finals.get(e.getKey());
            finalSum += fin == null ? 0 : fin;
            if (fin == null || fin != line.acked() || line.max() != line.acked()) {
                mismatches.add(e.getKey() + "(acked=" + line.acked() + ",max=" + line.max() + ",final=" + fin + ")");
            }
        }
        boolean countOk = countError == null && duplicates == 0 && mismatches.isEmpty();
        if (!mismatches.isEmpty()) {
            System.out.println("counter mismatches: " + mismatches);
        }

        Map<String, Long> reasons = new TreeMap<>();
        Map<String, Long> versions = new TreeMap<>();
        peers.stream().filter(p -> p.moves > 0).forEach(p -> {
            reasons.merge(String.valueOf(p.firstMoveReason), 1L, Long::sum);
            versions.merge(String.valueOf(p.firstMoveVersion), 1L, Long::sum);
        });
        long multiMoves = peers.stream().filter(p -> p.moves > 1).count();
        long closes = tally.closes.sum(); // before vertx.close() closes the connections itself
        String result = String.format("RESULT name=%s transport=%s connections=%d instances=%d mode=%s"
                + " post_status=%d post_ms=%.1f moved=%d moved_first_ms=%.1f moved_all_ms=%.1f moved_reasons=%s"
                + " moved_versions=%s moved_twice=%d lost=%d unanswered=%d unexpected=%d closes=%d closing=%s"
                + " errors=%s acked_adds=%d final_count=%d duplicates=%d count_ok=%s replies_by_version=%s %s %s %s",
            name, transport, peers.size(), perInstance.size(), mode, status, (answeredAt - postAt) / 1e6, movedCount,
            firstMoved < 0 ? -1 : (firstMoved - postAt) / 1e6, lastMoved < 0 ? -1 : (lastMoved - postAt) / 1e6,
            Tally.format(reasons), Tally.format(versions), multiMoves, lost, accountedLost, tally.unexpected.sum(),
            closes, Tally.format(tally.closing), Tally.format(tally.errors), acked, finalSum, duplicates,
            countOk ? "yes" : "NO", Tally.format(tally.repliesByVersion), base.fields("base"), swap.fields("swap"),
            later.fields("after"));
        System.out.println(result);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        boolean ok = status == 200 && movedCount == peers.size() && lost == 0 && accountedLost == 0
            && closes == 0 && countOk;
        if (!ok) {
            System.out.println("FAILED checks: see the RESULT line (status 200, everyone moved, nothing lost,"
                + " no close, counts kept)");
        }
        return ok ? 0 : 1;
    }
}
