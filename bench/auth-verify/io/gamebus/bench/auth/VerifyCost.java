package io.gamebus.bench.auth;

import io.gamebus.auth.TokenVerifier;
import io.gamebus.config.GamebusConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What gamebus's own token check costs, alone: the node configuration made by
 * {@code gamebus-bench.jar tokens}, and each token file verified in a loop, one at a time, by
 * {@link TokenVerifier} (as the gateway does at hello), first for {@code warmup} seconds, then
 * measured for {@code seconds}. Prints the process CPU time per check (all threads: an ES256
 * check runs on the worker pool) and the checks per second on one thread.
 *
 * <p>Usage: {@code VerifyCost DIR [warmup-seconds] [seconds]}
 */
public final class VerifyCost {
  private VerifyCost() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long warmup = args.length > 1 ? Long.parseLong(args[1]) : 5;
    long seconds = args.length > 2 ? Long.parseLong(args[2]) : 5;
    Vertx vertx = Vertx.vertx();
    JsonObject conf = new JsonObject(Files.readString(dir.resolve("gamebus-auth.json")));
    TokenVerifier verifier = new TokenVerifier(vertx, GamebusConfig.from(conf, null, null).auth());
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (String alg : List.of("RS256", "ES256", "HS256")) {
      List<String> tokens = Files.readAllLines(dir.resolve(alg + ".txt"));
      run(verifier, tokens, TimeUnit.SECONDS.toNanos(warmup));
      long cpu0 = os.getProcessCpuTime();
      long wall0 = System.nanoTime();
      long checks = run(verifier, tokens, TimeUnit.SECONDS.toNanos(seconds));
      long cpu = os.getProcessCpuTime() - cpu0;
      long wall = System.nanoTime() - wall0;
      System.out.printf("VERIFY alg=%s checks=%d cpu_us_per_check=%.1f checks_per_s=%.0f%n", alg, checks,
          cpu / 1000.0 / checks, checks * 1e9 / wall);
    }
    vertx.close();
  }

  private static long run(TokenVerifier verifier, List<String> tokens, long nanos) throws Exception {
    long end = System.nanoTime() + nanos;
    long checks = 0;
    while (System.nanoTime() < end) {
      verifier.verify(tokens.get((int) (checks % tokens.size()))).toCompletionStage().toCompletableFuture().get();
      checks++;
    }
    return checks;
  }
}
