package io.gamebus.hotswap;

import io.gamebus.bus.Addresses;
import io.gamebus.bus.InstanceInfo;
import io.gamebus.bus.SupervisorBound;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot swap across the cluster. An upload is checked, then deployed on every node with the
 * {@code games} role, each of which rolls it out over its own instances ({@link VersionRollout}),
 * and recorded as the game's current version ({@link VersionRegistry}). A retired version's
 * players move to the newest other active version of the game, on every node that runs it.
 * Refusals fail with {@link RolloutRefused} or {@link InvalidGameJarException}.
 */
public final class ClusterRollout {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterRollout.class);
  /** Starting instances and moving players can take a while on a loaded node. */
  private static final DeliveryOptions ROLLOUT = new DeliveryOptions().setSendTimeout(120_000);

  private final Vertx vertx;
  private final Supplier<Future<List<SupervisorBound.NodeInstances>>> cluster;
  private final VersionRegistry versions;
  private long lastDeployOrder;

  /** What an upload started: the new version's instances on every games node. */
  public record Uploaded(String game, String version, List<InstanceInfo> instances) {}

  /**
   * @param cluster what every node runs, exactly as of now (each node's supervisor asked)
   */
  public ClusterRollout(Vertx vertx, Supplier<Future<List<SupervisorBound.NodeInstances>>> cluster) {
    this.vertx = vertx;
    this.cluster = cluster;
    this.versions = new VersionRegistry(vertx);
  }

  /**
   * Deploys an uploaded jar on every games node ({@link SupervisorBound.Deploy} tells what
   * {@code instances}, {@code mode} and {@code drainSeconds} mean).
   */
  public Future<Uploaded> upload(byte[] jar, int instances, String mode, int drainSeconds) {
    return vertx.executeBlocking(() -> validate(jar)).recover(e -> Future.failedFuture(
        e instanceof InvalidGameJarException ? e : new RolloutRefused(RolloutRefused.Reason.UNREADABLE, e.getMessage())))
        .compose(checked -> rollOut(checked.game(), checked.version(),
            new SupervisorBound.Deploy(jar, instances, mode, drainSeconds, nextDeployOrder())));
  }

  /** The jar's game and version, once it has proven to be a loadable game (then unloaded again). */
  private static GameJar.Checked validate(byte[] bytes) throws Exception {
    Path scratch = Files.createTempDirectory("gamebus-upload");
    try {
      return GameJar.check(bytes, scratch);
    } finally {
      Files.deleteIfExists(scratch);
    }
  }

  private Future<Uploaded> rollOut(String game, String version, SupervisorBound.Deploy deploy) {
    return cluster.get().compose(nodes -> {
      List<String> targets = new ArrayList<>();
      for (SupervisorBound.NodeInstances node : nodes) {
        for (InstanceInfo info : node.instances()) {
          if (info.game().equals(game) && info.version().equals(version)) {
            return Future.failedFuture(new RolloutRefused(RolloutRefused.Reason.ALREADY_RUNNING, "version " + version
                + " of game '" + game + "' is already running; upload another version or retire it first"));
          }
        }
        if (node.roles().contains("games")) {
          targets.add(node.node());
        }
      }
      if (targets.isEmpty()) {
        return Future.failedFuture(new RolloutRefused(RolloutRefused.Reason.NO_GAMES_NODE,
            "no node with the 'games' role is up to run the game"));
      }
      List<Future<SupervisorBound.Deployed>> rollouts = new ArrayList<>();
      for (String node : targets) {
        rollouts.add(vertx.eventBus().<Object>request(Addresses.supervisor(node), deploy, ROLLOUT)
            .map(reply -> (SupervisorBound.Deployed) reply.body()));
      }
      return Future.all(rollouts).compose(all -> versions.record(game, version, deploy.deployOrder(), deploy.jar()))
          .map(v -> {
            List<InstanceInfo> started = new ArrayList<>();
            rollouts.forEach(f -> started.addAll(f.result().instances()));
            return new Uploaded(game, version, started);
          })
          .onFailure(e -> LOG.warn("upload of game {} {} failed: {}", game, version, e.getMessage()));
    });
  }

  /** Retires a version everywhere it runs, its players moved to the newest other active version. */
  public Future<Void> retire(String game, String version) {
    return cluster.get().compose(nodes -> {
      List<String> holders = new ArrayList<>();
      String successor = null;
      long successorOrder = Long.MIN_VALUE;
      for (SupervisorBound.NodeInstances node : nodes) {
        for (InstanceInfo info : node.instances()) {
          if (!info.game().equals(game)) {
            continue;
          }
          if (info.version().equals(version)) {
            if (!holders.contains(node.node())) {
              holders.add(node.node());
            }
          } else if (info.isActive() && info.deployOrder() >= successorOrder) {
            successor = info.version();
            successorOrder = info.deployOrder();
          }
        }
      }
      if (holders.isEmpty()) {
        return Future.failedFuture(new RolloutRefused(RolloutRefused.Reason.NOT_RUNNING,
            "game '" + game + "' has no version " + version + " running"));
      }
      if (successor == null) {
        return Future.failedFuture(new RolloutRefused(RolloutRefused.Reason.ONLY_ACTIVE_VERSION, "version " + version
            + " is the only active version of game '" + game + "'; deploy another version first"));
      }
      List<Future<Object>> retired = new ArrayList<>();
      for (String node : holders) {
        retired.add(vertx.eventBus().request(Addresses.supervisor(node),
            new SupervisorBound.Retire(game, version, successor), ROLLOUT).map(reply -> reply.body()));
      }
      return Future.all(retired).mapEmpty();
    });
  }

  /** Deploy order, cluster-wide by the clock, but always increasing from this node. */
  private long nextDeployOrder() {
    lastDeployOrder = Math.max(lastDeployOrder + 1, System.currentTimeMillis());
    return lastDeployOrder;
  }
}
