package io.gamebus.bench;

import java.util.Arrays;

/**
 * Entry point of gamebus-bench.jar: {@code raw-echo [options]},
 * {@code load reqrep|fanout|swap|nodeloss|hellos [options]}, {@code supervision [options]},
 * {@code tokens [options]} or {@code chaos [options]}.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            usage();
            System.exit(2);
        }
        String[] rest = Arrays.copyOfRange(argv, 1, argv.length);
        switch (argv[0]) {
            case "raw-echo" -> RawEchoServer.main(rest);
            case "load" -> LoadGenerator.main(rest);
            case "supervision" -> Supervision.main(rest);
            case "tokens" -> BenchTokens.main(rest);
            case "chaos" -> System.exit(Chaos.main(rest));
            default -> {
                usage();
                System.exit(2);
            }
        }
    }

    static void usage() {
        System.err.println("""
            usage:
              java -jar gamebus-bench.jar raw-echo [--tcp-port 27070] [--http-port 28080] [--room-size 100] [--host 127.0.0.1]
              java -jar gamebus-bench.jar load reqrep --transport ws|tcp --port P [--host H]
                   [--connections 100] [--inflight 4] [--seconds 10] [--warmup 5] [--pad 64]
                   [--target-rate R] [--threads T] [--name LABEL]
              java -jar gamebus-bench.jar load fanout --transport ws|tcp --port P [--host H]
                   [--rooms 20] [--players 100] [--rate 20] [--seconds 10] [--warmup 5] [--threads T] [--name LABEL]
              java -jar gamebus-bench.jar load sessions --transport ws|tcp --port P [--host H] [--sessions 50000]
                   [--sources 127.0.0.1,127.0.0.2] [--ping-seconds 10] [--request-fraction 0.01]
                   [--seconds 60] [--warmup 5] [--hold SECONDS] [--threads T] [--name LABEL]
              java -jar gamebus-bench.jar load swap --jar NEW_VERSION.jar [--token T (default $GAMEBUS_ADMIN_TOKEN)]
                   [--transport tcp|ws] [--port 17070] [--admin-port 19090] [--connections 1000] [--game counter]
                   [--mode migrate] [--warmup 5] [--baseline 10] [--after 10] [--max-swap-seconds 60] [--name LABEL]
              java -jar gamebus-bench.jar load nodeloss --pids NODE=PID,NODE=PID [--transport tcp|ws] [--port P]
                   [--connections 200] [--game counter] [--think-ms 100] [--warmup 2] [--timeout 30] [--name LABEL]
              java -jar gamebus-bench.jar load hellos [--port 17070] [--host H] [--concurrency 16] [--tokens FILE]
                   [--seconds 10] [--warmup 5] [--threads T] [--game echo] [--name LABEL]
              java -jar gamebus-bench.jar tokens [--dir bench/target/auth] [--base bench/gamebus-bench.json] [--count 200]
              java -jar gamebus-bench.jar chaos --gateways NODE=TCP:HTTP,... [--connections 300] [--seconds 60]
                   [--think-ms 50] [--answer-ms 6000] [--seed S] [--faults FILE] [--threads 2]
              """ + Supervision.usage());
    }
}
