package io.gamebus.node;

import io.gamebus.config.ConfigException;
import io.gamebus.config.GamebusConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar gamebus.jar [--conf FILE] [--cluster]}: runs one node until SIGTERM or SIGINT. */
@Command(name = "gamebus", mixinStandardHelpOptions = true, version = "gamebus 0.1.0",
    description = "A clustered game server: gateway, game instances and admin API in one node.",
    subcommands = {LocalCluster.class, NewCommand.class, DevMode.class})
public final class Main implements Callable<Integer> {
  /** A node exits within this of SIGTERM whatever the cluster does (a member lost meanwhile, say). */
  static final long STOP_TIMEOUT_SECONDS = 25;

  @Option(names = "--conf", paramLabel = "FILE", description = "JSON configuration merged over the embedded defaults")
  Path conf;

  @Option(names = "--cluster", description = "join the Hazelcast cluster described by 'cluster' in the configuration")
  boolean cluster;

  public static void main(String[] args) {
    Logging.configure();
    int code = new CommandLine(new Main()).execute(args);
    System.exit(code);
  }

  @Override
  public Integer call() throws Exception {
    GamebusConfig config;
    try {
      config = conf == null ? GamebusConfig.defaults() : GamebusConfig.load(conf);
      StartupCheck.check(config);
    } catch (ConfigException e) {
      System.err.println("gamebus: " + e.getMessage());
      return 2;
    }
    return run(config, cluster, node -> { });
  }

  /**
   * Starts a node, prints its endpoints and 'ready', calls {@code whileRunning} with it, and
   * waits for SIGTERM or SIGINT to drain it; the exit status.
   */
  static int run(GamebusConfig config, boolean cluster, Consumer<Node> whileRunning) throws InterruptedException {
    Node node;
    try {
      node = (cluster ? ClusteredNode.start(config) : Node.start(config))
          .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      System.err.println("gamebus: node " + config.node().id() + " could not start: " + cause.getMessage());
      return 1;
    }
    // Handle SIGTERM before saying ready: one sent right after 'ready' must drain too, not kill.
    CountDownLatch stopping = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    Signals.onTerminate(() -> {
      stopping.countDown();
      try {
        node.stop().onComplete(v -> stopped.countDown());
      } catch (RuntimeException | Error e) {
        System.err.println("gamebus: graceful stop failed: " + e);
        stopped.countDown();
      }
    });
    for (String endpoint : node.endpoints()) {
      System.out.println("gamebus node " + node.id() + " " + endpoint);
    }
    if (config.admin().tokenGenerated()) {
      System.out.println("gamebus node " + node.id() + " admin token " + config.admin().token()
          + " (generated; set GAMEBUS_ADMIN_TOKEN or admin.token to choose one)");
    }
    System.out.println("gamebus node " + node.id() + " ready");
    System.out.flush();
    whileRunning.accept(node);
    stopping.await();
    // A drain that cannot finish must not keep the process alive forever.
    if (!stopped.await(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      System.err.println("gamebus: graceful stop took over " + STOP_TIMEOUT_SECONDS + " s; exiting anyway");
    }
    return 0;
  }
}
