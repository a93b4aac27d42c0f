package io.gamebus.supervisor;

import io.gamebus.bus.Addresses;
import io.gamebus.bus.InstanceInfo;
import io.gamebus.bus.RegistryEvent;
import io.gamebus.bus.SupervisorBound;
import io.gamebus.config.GameConfig;
import io.gamebus.config.SupervisorConfig;
import io.gamebus.vertx.ContextCall;
import io.gamebus.game.GameDefinition;
import io.gamebus.game.GamePool;
import io.gamebus.hotswap.GameVersions;
import io.gamebus.hotswap.InvalidGameJarException;
import io.gamebus.hotswap.VersionRollout;
import io.gamebus.instance.InstanceSlot;
import io.gamebus.instance.InstanceSlots;
import io.gamebus.instance.SnapshotStore;
import io.gamebus.metrics.GamebusMetrics;
import io.gamebus.placement.InstanceDirectory;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's games role: deploys the configured instances at start and answers the requests at
 * {@code gamebus.supervisor.<node>}: what runs here, an operator restart, a new version
 * ({@link VersionRollout}), a version retired, an instance to run for another node
 * ({@link Hosting}). Each instance is an {@link InstanceSlot} verticle of its own, a child of
 * this one; their games share the node's {@link GamePool} ({@code supervisor.gameThreads}
 * threads). A lost node's instances are restarted here ({@link NodeLossRecovery}), instances
 * taken over settle back ({@link Takeovers}), and a node shutting down hands its instances to
 * others ({@link Evacuation}).
 */
public final class Supervisor extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

  private final int resumeSeconds;
  private final String node;
  private final List<String> roles;
  private final List<GameConfig> games;
  private final SupervisorConfig limits;
  private final InstanceDirectory directory;
  private final GamebusMetrics metrics;
  private GamePool pool;
  private InstanceSlots slots;
  private GameVersions versions;
  private VersionRollout rollout;
  private Hosting hosting;
  private Evacuation evacuation;
  private NodeLossRecovery recovery;

  public Supervisor(String node, List<String> roles, List<GameConfig> games, SupervisorConfig limits,
                    int resumeSeconds, InstanceDirectory directory, GamebusMetrics metrics) {
    this.resumeSeconds = resumeSeconds;
    this.node = node;
    this.roles = roles;
    this.games = games;
    this.limits = limits;
    this.directory = directory;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    pool = new GamePool(limits.gameThreads(), limits.hangMs(), metrics);
    metrics.gameThreads(pool::liveThreads);
    SnapshotStore snapshots = new SnapshotStore(vertx);
    slots = new InstanceSlots(vertx, node, pool, limits, snapshots, directory, metrics);
    versions = new GameVersions(vertx, node, games);
    rollout = new VersionRollout(slots, versions);
    hosting = new Hosting(snapshots, versions, slots);
    evacuation = new Evacuation(vertx, node, directory, slots);
    recovery = new NodeLossRecovery(vertx, node, directory);
    Takeovers takeovers = new Takeovers(slots, directory, resumeSeconds);
    vertx.setPeriodic(InstanceDirectory.REPORT_INTERVAL_MS, t -> takeovers.settle());
    Future<?> inbox = vertx.eventBus().<SupervisorBound>consumer(Addresses.supervisor(node), this::receive).completion();
    vertx.eventBus().<RegistryEvent.NodeLost>localConsumer(Addresses.NODE_LOST, m -> nodeLost(m.body()));
    // The instances' heartbeat, all at once: one timer for the node rather than one per instance,
    // which with thousands of idle instances woke the event loops a thousand times a second.
    vertx.setPeriodic(InstanceDirectory.REPORT_INTERVAL_MS, t -> slots.heartbeat());
    return Future.all(inbox, versions.atStart()).compose(all -> {
      List<GameVersions.Planned> planned = all.resultAt(1);
      List<Future<?>> started = new ArrayList<>();
      for (GameVersions.Planned plan : planned) {
        for (int i = 0; i < plan.instances(); i++) {
          started.add(slots.deploy(plan.definition(), plan.settings(), plan.deployOrder(), null, null)
              .compose(InstanceSlot::serving).recover(e -> notStarted(plan.definition(), e)));
        }
      }
      return Future.join(started);
    }).compose(v -> slots.listed(slots.all().stream().map(InstanceSlot::id).toList()));
  }

  /** A game that cannot start is the supervisor's to report, not a reason to refuse the node. */
  private Future<Void> notStarted(GameDefinition definition, Throwable e) {
    LOG.error("game {} {} did not start: {}", definition.name(), definition.version(), e.getMessage());
    return Future.succeededFuture();
  }

  private void nodeLost(RegistryEvent.NodeLost lost) {
    slots.all().forEach(slot -> slot.gatewayNodeLost(lost.node(), resumeSeconds));
    recovery.recover(lost);
  }

  /** {@link Evacuation}: in a cluster, each instance here hands its players to another games node. */
  public Future<Void> evacuate() {
    return ContextCall.on(context, evacuation::run);
  }

  /**
   * The instances are undeployed already (they are this verticle's children): unload their games,
   * stop the game threads, remove the uploads.
   */
  @Override
  public Future<?> stop() {
    slots.unloadAll();
    pool.close();
    return versions.close();
  }

  private void receive(Message<SupervisorBound> message) {
    SupervisorBound body = message.body();
    if (body instanceof SupervisorBound.Describe) {
      describe().onSuccess(message::reply).onFailure(e -> message.fail(500, e.getMessage()));
    } else if (body instanceof SupervisorBound.Restart restart) {
      InstanceSlot slot = slots.get(restart.instance());
      if (slot == null) {
        message.fail(404, "no instance " + restart.instance() + " on node " + node);
        return;
      }
      slot.restart().onSuccess(info -> message.reply(new SupervisorBound.Restarted(info)))
          .onFailure(e -> message.fail(500, e.getMessage()));
    } else if (body instanceof SupervisorBound.Deploy deploy) {
      rollout.deploy(deploy).onSuccess(message::reply).onFailure(e -> message.fail(
          e instanceof IllegalArgumentException || e instanceof InvalidGameJarException ? 400 : 500, e.getMessage()));
    } else if (body instanceof SupervisorBound.Host request) {
      hosting.host(request).onSuccess(info -> message.reply(new SupervisorBound.Hosted(info)))
          .onFailure(e -> message.fail(500, e.getMessage()));
    } else if (body instanceof SupervisorBound.Retire retire) {
      rollout.retire(retire.game(), retire.version(), retire.successor())
          .onSuccess(count -> message.reply(count)).onFailure(e -> message.fail(500, e.getMessage()));
    }
  }

  private Future<SupervisorBound.NodeInstances> describe() {
    List<Future<InstanceInfo>> infos = new ArrayList<>();
    slots.all().forEach(slot -> infos.add(slot.describe()));
    return Future.all(infos).map(all -> new SupervisorBound.NodeInstances(node, roles, all.list()));
  }
}
