package io.gamebus.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * One node-loss trial: players connect through a gateway and are placed on the games nodes;
 * each sends an {@code add} every {@code --think-ms}. The node holding the most players is
 * killed with SIGKILL (by the PID given in {@code --pids}; this process sends the signal, so the
 * kill and the players' {@code moved} are timed on one clock), and the run measures the time
 * until every player of that node got {@code moved} with reason {@code node_lost}.
 * Prints {@code WINDOW loss start|end} around the kill and one RESULT line; the players say
 * {@code bye} at the end, so the next trial starts from empty instances.
 */
final class NodeLoss {

    private NodeLoss() {
    }

    static int main(String[] argv) throws Exception {
        Args args = new Args(argv);
        String transport = args.string("transport", "tcp");
        String host = args.string("host", "127.0.0.1");
        int port = args.integer("port", 17070);
        int connections = args.integer("connections", 200);
        int threads = args.integer("threads", Runtime.getRuntime().availableProcessors());
        String game = args.string("game", "counter");
        int thinkMs = args.integer("think-ms", 100);
        int warmup = args.integer("warmup", 2);
        int timeout = args.integer("timeout", 30);
        int tail = args.integer("tail", 1);
        int drainSeconds = args.integer("drain-seconds", 8);
        String pidList = args.string("pids", "");
        String name = args.string("name", "nodeloss");
        args.rejectUnknown();
        Map<String, Long> pids = new HashMap<>();
        for (String pair : pidList.split(",")) {
            String[] kv = pair.split("=");
            if (kv.length == 2) {
                pids.put(kv[0], Long.parseLong(kv[1]));
            }
        }
        if (pids.isEmpty()) {
            throw new IllegalArgumentException("--pids node=PID,node=PID is required");
        }

        System.out.println("load pid=" + ProcessHandle.current().pid());
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(threads));
        Tally tally = new Tally();
        List<Peer> connected = LoadGenerator.connect(vertx, threads, transport, host, port, connections, game);
        if (connected == null) {
            vertx.close();
            return 1;
        }
        List<CounterPeer> peers = new ArrayList<>();
        connected.forEach(p -> peers.add(new CounterPeer(vertx, p, tally, null, thinkMs)));
        Map<String, Integer> perNode = new TreeMap<>();
        peers.forEach(p -> perNode.merge(String.valueOf(p.originNode), 1, Integer::sum));
        System.out.println("placed by node " + perNode);
        String victim = perNode.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        Long pid = pids.get(victim);
        if (pid == null) {
            System.out.println("FAILED no pid given for node " + victim + " (placed " + perNode + ")");
            vertx.close();
            return 1;
        }
        ProcessHandle process = ProcessHandle.of(pid).orElse(null);
        if (process == null || !process.isAlive()) {
            System.out.println("FAILED node " + victim + " (pid " + pid + ") is not running");
            vertx.close();
            return 1;
        }

        peers.forEach(CounterPeer::start);
        Thread.sleep(warmup * 1000L);
        long mark = System.nanoTime();
        tally.cut(1);
        System.out.println("WINDOW loss start");
        long killedAt = System.nanoTime();
        process.destroyForcibly(); // SIGKILL
        System.out.println("killed node " + victim + " pid " + pid + " at "
            + java.time.LocalTime.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        List<CounterPeer> affected = peers.stream().filter(p -> victim.equals(p.originNode)).toList();
        long deadline = killedAt + timeout * 1_000_000_000L;
        while (System.nanoTime() < deadline && affected.stream().anyMatch(p -> p.moves == 0)) {
            Thread.sleep(2);
        }
        Thread.sleep(tail * 1000L);
        long now = System.nanoTime();
        Tally.Window window = tally.cut(now - mark);
        System.out.println("WINDOW loss end");

        peers.forEach(CounterPeer::stop);
        long drainDeadline = System.nanoTime() + drainSeconds * 1_000_000_000L;
        while (System.nanoTime() < drainDeadline && peers.stream().anyMatch(CounterPeer::waiting)) {
            Thread.sleep(10);
        }
        long lost = peers.stream().filter(CounterPeer::waiting).count();

        List<Long> delays = new ArrayList<>();
        int wrongReason = 0;
        int toVictim = 0;
        for (CounterPeer p : affected) {
            if (p.moves == 0) {
                continue;
            }
            delays.add(p.firstMovedAt - killedAt);
            if (!"node_lost".equals(p.firstMoveReason)) {
                wrongReason++;
            }
            if (victim.equals(p.firstMoveNode)) {
                toVictim++;
            }
        }
        delays.sort(null);
        long bystandersMoved = peers.stream().filter(p -> !victim.equals(p.originNode) && p.moves > 0).count();
        Map<String, Long> targets = new TreeMap<>();
        affected.stream().filter(p -> p.moves > 0).forEach(p -> targets.merge(String.valueOf(p.firstMoveNode), 1L, Long::sum));
        boolean all = delays.size() == affected.size();
        String result = String.format("RESULT name=%s victim=%s placed=%s affected=%d recovered=%d"
                + " recovery_ms=%.1f first_ms=%.1f median_ms=%.1f moved_to=%s wrong_reason=%d bystanders_moved=%d"
                + " lost=%d unexpected=%d closes=%d closing=%s errors=%s moves=%s %s",
            name, victim, Tally.format(perNode), affected.size(), delays.size(),
            all && !delays.isEmpty() ? delays.get(delays.size() - 1) / 1e6 : -1.0,
            delays.isEmpty() ? -1.0 : delays.get(0) / 1e6, delays.isEmpty() ? -1.0 : delays.get(delays.size() / 2) / 1e6,
            Tally.format(targets), wrongReason + toVictim, bystandersMoved, lost, tally.unexpected.sum(),
            tally.closes.sum(), Tally.format(tally.closing), Tally.format(tally.errors), Tally.format(tally.moves),
            window.fields("loss"));
        System.out.println(result);

        peers.forEach(CounterPeer::bye);
        Thread.sleep(300);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return all && wrongReason + toVictim == 0 ? 0 : 1;
    }
}
