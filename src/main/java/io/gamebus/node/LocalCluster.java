package io.gamebus.node;

import io.gamebus.config.ConfigException;
import io.gamebus.config.GamebusConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gamebus local --nodes N}: N clustered node processes on loopback, ids n1..nN, node i
 * (from 0) on every configured port plus i. Their output is relayed with the node's id;
 * SIGINT or SIGTERM stops them all (each drains gracefully) and exits 0. A node that exits
 * before it said ready (a port in use, say) stops the others too, and the launcher exits 1.
 */
@Command(name = "local", mixinStandardHelpOptions = true,
    description = "Local clustered mode: several clustered nodes on this machine, for development.")
final class LocalCluster implements Callable<Integer> {
  /** Beyond a node's own bound on draining (Main.STOP_TIMEOUT_SECONDS), it is killed. */
  private static final long STOP_TIMEOUT_S = 30;

  @Option(names = "--nodes", defaultValue = "3", description = "how many nodes (default ${DEFAULT-VALUE})")
  int nodes;

  @Option(names = "--conf", paramLabel = "FILE", description = "configuration for every node (ports are offset per node)")
  Path conf;

  @Override
  public Integer call() throws Exception {
    if (nodes < 1 || nodes > 64) {
      System.err.println("gamebus local: --nodes must be from 1 to 64");
      return 2;
    }
    JsonObject base;
    try {
      base = conf == null ? new JsonObject() : new JsonObject(Files.readString(conf));
      GamebusConfig.from(base, null);
    } catch (ConfigException | io.vertx.core.json.DecodeException | IOException e) {
      System.err.println("gamebus local: " + e.getMessage());
      return 2;
    }
    GamebusConfig defaults = GamebusConfig.from(base, null);
    List<Process> processes = new ArrayList<>();
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicInteger status = new AtomicInteger();
    Signals.onTerminate(stopped::countDown);
    Path dir = Files.createTempDirectory("gamebus-local");
    for (int i = 0; i < nodes; i++) {
      String id = "n" + (i + 1);
      Path file = dir.resolve(id + ".json");
      Files.writeString(file, nodeConfig(base, defaults, i).encodePrettily());
      Process process = new ProcessBuilder(command(file)).redirectErrorStream(true).start();
      processes.add(process);
      CountDownLatch ready = relay(id, process);
      process.onExit().thenRun(() -> {
        if (ready.getCount() > 0 && stopped.getCount() > 0) {
          System.err.println("gamebus local: node " + id + " could not start (exit status " + process.exitValue()
              + "); stopping the others");
          status.set(1);
          stopped.countDown();
        }
      });
    }
    System.out.println("gamebus local: " + nodes + " nodes starting (Ctrl-C stops them all)");
    stopped.await();
    stopAll(processes);
    return status.get();
  }

  private JsonObject nodeConfig(JsonObject base, GamebusConfig defaults, int i) {
    JsonArray members = new JsonArray();
    for (int k = 0; k < nodes; k++) {
      members.add(defaults.cluster().host() + ":" + (defaults.cluster().port() + k));
    }
    GamebusConfig shifted = defaults.withPortOffset(i);
    JsonObject config = base.copy();
    config.put("node", base.getJsonObject("node", new JsonObject()).copy().put("id", "n" + (i + 1)));
    config.put("gateway", base.getJsonObject("gateway", new JsonObject()).copy()
        .put("tcpPort", shifted.gateway().tcpPort()).put("httpPort", shifted.gateway().httpPort()));
    config.put("admin", base.getJsonObject("admin", new JsonObject()).copy()
        .put("port", shifted.admin().port()).put("token", defaults.admin().token()));
    config.put("cluster", base.getJsonObject("cluster", new JsonObject()).copy()
        .put("port", shifted.cluster().port()).put("members", members));
    return config;
  }

  /** The node command: this jar, or, run from classes (tests, an IDE), this class path and JVM flags. */
  private static List<String> command(Path file) {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
    Path code = Path.of(LocalCluster.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    if (Files.isDirectory(code)) {
      // Run from classes (an IDE, the tests): the class path and the JVM flags the launcher has,
      // the flags Hazelcast wants, which an executable jar carries in its manifest.
      ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(a -> a.startsWith("--add-"))
          .forEach(command::add);
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    } else {
      command.addAll(List.of("-jar", code.toString()));
    }
    command.addAll(List.of("--conf", file.toString(), "--cluster"));
    return command;
  }

  /** Relays a node's output; the latch opens once it said ready. */
  private static CountDownLatch relay(String id, Process process) {
    CountDownLatch ready = new CountDownLatch(1);
    Thread relay = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          System.out.println(line.startsWith("gamebus node") ? line : "[" + id + "] " + line);
          if (line.equals("gamebus node " + id + " ready")) {
            ready.countDown();
          }
        }
      } catch (IOException ignored) {
        // the process is gone
      }
    }, "gamebus-local-" + id);
    relay.setDaemon(true);
    relay.start();
    return ready;
  }

  /**
   * SIGTERM to every node (each drains), one line per node as it stops, and SIGKILL to any still
   * running after the bound, which counts for all of them together.
   */
  private static void stopAll(List<Process> processes) {
    for (int i = 0; i < processes.size(); i++) {
      System.out.println("gamebus local: stopping node n" + (i + 1) + " (pid " + processes.get(i).pid() + ")");
      processes.get(i).destroy();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_TIMEOUT_S);
    for (int i = 0; i < processes.size(); i++) {
      Process process = processes.get(i);
      try {
        if (process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          System.out.println("gamebus local: node n" + (i + 1) + " stopped (exit status " + process.exitValue() + ")");
        } else {
          process.destroyForcibly();
          System.out.println("gamebus local: node n" + (i + 1) + " did not stop within " + STOP_TIMEOUT_S + " s; killed");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    System.out.flush();
  }
}
