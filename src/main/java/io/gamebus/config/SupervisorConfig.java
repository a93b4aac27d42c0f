package io.gamebus.config;

/**
 * {@code supervisor}: how instances are watched and restarted.
 *
 * @param hangMs              an instance that does not answer for this long is replaced
 * @param maxRestarts         restarts of one instance allowed within {@code withinSeconds}
 * @param maxAbandonedThreads stuck game threads the node tolerates before it reports not ready
 * @param gameThreads         threads that run the node's game instances, many instances each
 *                            (default: the number of cores)
 */
public record SupervisorConfig(int hangMs, int maxRestarts, int withinSeconds, int maxAbandonedThreads,
                               int gameThreads) {

  static SupervisorConfig from(ConfigReader in) {
    return new SupervisorConfig(in.integer("hangMs", 3000, 50, 3_600_000),
        in.integer("maxRestarts", 5, 0, 1_000_000), in.integer("withinSeconds", 60, 1, 86400),
        in.integer("maxAbandonedThreads", 8, 0, 10_000),
        in.integer("gameThreads", Runtime.getRuntime().availableProcessors(), 1, 1_024));
  }
}
