package io.gamebus.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The players of the chaos soak (bench/chaos.sh): {@code --connections} of them, alternately
 * over TCP and WebSocket, spread over the gateways, each a closed loop of counter {@code add}
 * requests. The faults come from the script, which logs them to {@code --faults} ("epoch-ms
 * kind node" per line). At the end one RESULT line, and exit status 0 only if the run was
 * clean: every request answered exactly once within {@code --answer-ms}, no connection closed
 * but by a gateway whose node the script killed or stopped in the 40 s before (and every such
 * player resumed), no session lost, no counter that went back without a move.
 */
final class Chaos {

    private static final long CLOSE_WINDOW_MS = 40_000;

    private Chaos() {
    }

    static int main(String[] argv) throws Exception {
        Args args = new Args(argv);
        String gatewayList = args.string("gateways", "");
        int connections = args.integer("connections", 300);
        int seconds = args.integer("seconds", 60);
        int thinkMs = args.integer("think-ms", 50);
        int answerMs = args.integer("answer-ms", 6_000);
        long seed = Long.parseLong(args.string("seed", "1"));
        int threads = args.integer("threads", 2);
        String faults = args.string("faults", "");
        args.rejectUnknown();
        List<ChaosPlayer.Gateway> gateways = new ArrayList<>();
        for (String entry : gatewayList.split(",")) {
            String[] parts = entry.split("[=:]");
            gateways.add(new ChaosPlayer.Gateway(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2])));
        }
        System.out.println("load pid=" + ProcessHandle.current().pid() + " seed=" + seed);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(threads));
        NetClient tcp = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(2_000));
        WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions().setTcpNoDelay(true)
            .setMaxConnections(connections * 2).setConnectTimeout(2_000));
        ChaosTally tally = new ChaosTally();
        Random random = new Random(seed);
        List<ChaosPlayer> players = new ArrayList<>();
        List<Context> contexts = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Context context = vertx.getOrCreateContext();
            contexts.add(context);
            // How late a 100 ms timer fires: a load generator starved of CPU answers late itself.
            context.runOnContext(v -> {
                long[] last = {System.nanoTime()};
                vertx.setPeriodic(100, t -> {
                    long now = System.nanoTime();
                    tally.maxStallMs.accumulateAndGet((now - last[0]) / 1_000_000 - 100, Math::max);
                    last[0] = now;
                });
            });
        }
        for (int i = 0; i < connections; i++) {
            players.add(new ChaosPlayer(i, vertx, contexts.get(i % threads), i % 2 == 1, gateways,
                random.nextInt(gateways.size()), tcp, ws, tally, thinkMs / 2 + random.nextInt(thinkMs + 1), answerMs,
                new Random(seed * 31 + i)));
        }
        for (ChaosPlayer player : players) {
            player.start();
            Thread.sleep(5); // a gentle ramp: 300 hellos in 1.5 s
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            Thread.sleep(1_000);
            long now = System.nanoTime();
            players.forEach(p -> p.check(now));
            System.out.printf("t=%ds sent=%d onTime=%d late=%d errors=%s moves=%s resumed=%d%n",
                seconds - TimeUnit.NANOSECONDS.toSeconds(end - now), tally.sent.sum(), tally.onTime.sum(),
                tally.late.sum(), ChaosTally.format(tally.errors), ChaosTally.format(tally.moves), tally.resumed.sum());
        }
        players.forEach(ChaosPlayer::stop);
        Thread.sleep(answerMs + 1_000L);
        long now = System.nanoTime();
        players.forEach(p -> p.check(now));
        List<Future<Void>> finished = new ArrayList<>();
        players.forEach(p -> finished.add(p.finish()));
        Future.join(finished).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

        List<Long[]> faulted = faultTimes(faults, gateways);
        List<ChaosTally.Close> unexplainedCloses = tally.closes().stream().filter(c -> !explained(c, faulted, gateways)).toList();
        unexplainedCloses.forEach(c -> tally.report(c.details()));
        long unexplained = unexplainedCloses.size();
        boolean clean = tally.late.sum() == 0 && tally.lateAnswers.sum() == 0 && tally.unanswered.sum() == 0
            && tally.duplicates.sum() == 0 && tally.unexpected.sum() == 0 && unexplained == 0
            && tally.sessionsLost.sum() == 0 && tally.wentBackWithoutMove.sum() == 0;
        System.out.printf("RESULT seed=%d sent=%d on_time=%d late=%d late_answers=%d unanswered=%d duplicates=%d"
                + " unexpected=%d closes=%d unexplained_closes=%d lost_with_connection=%d resumed=%d sessions_lost=%d"
                + " went_back_without_move=%d max_back_after_move=%s moves=%s errors=%s closing=%s new_sessions=%d"
                + " load_stall_max_ms=%d %s clean=%s%n",
            seed, tally.sent.sum(), tally.onTime.sum(), tally.late.sum(), tally.lateAnswers.sum(), tally.unanswered.sum(),
            tally.duplicates.sum(), tally.unexpected.sum(), tally.closes().size(), unexplained,
            tally.lostWithConnection.sum(), tally.resumed.sum(), tally.sessionsLost.sum(),
            tally.wentBackWithoutMove.sum(), ChaosTally.format(tally.maxBack), ChaosTally.format(tally.moves),
            ChaosTally.format(tally.errors), ChaosTally.format(tally.closing), tally.sessions.sum(),
            tally.maxStallMs.get(), tally.latencyMs(), clean);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return clean ? 0 : 1;
    }

    /** Per gateway (by index): the times its node was killed or stopped, from the script's log. */
    private static List<Long[]> faultTimes(String file, List<ChaosPlayer.Gateway> gateways) throws Exception {
        List<Long[]> out = new ArrayList<>();
        if (file.isEmpty() || !Files.exists(Path.of(file))) {
            return out;
        }
        for (String line : Files.readAllLines(Path.of(file))) {
            String[] parts = line.trim().split(" ");
            if (parts.length == 3 && (parts[1].equals("kill9") || parts[1].equals("term"))) {
                for (int i = 0; i < gateways.size(); i++) {
                    if (gateways.get(i).node().equals(parts[2])) {
                        out.add(new Long[] {(long) i, Long.parseLong(parts[0])});
                    }
                }
            }
        }
        return out;
    }

    private static boolean explained(ChaosTally.Close close, List<Long[]> faulted, List<ChaosPlayer.Gateway> gateways) {
        for (Long[] fault : faulted) {
            boolean sameNode = gateways.get(fault[0].intValue()).node().equals(close.node());
            if (sameNode && close.epochMs() >= fault[1] - 1_000 && close.epochMs() - fault[1] <= CLOSE_WINDOW_MS) {
                return true;
            }
        }
        return false;
    }
}
