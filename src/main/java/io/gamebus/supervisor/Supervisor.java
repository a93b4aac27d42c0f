package io.gamebus.supervisor;

import io.gamebus.bus.Addresses;
import io.gamebus.bus.InstanceBound;
import io.gamebus.bus.InstanceInfo;
import io.gamebus.bus.SupervisorBound;
import io.gamebus.config.GameConfig;
import io.gamebus.config.SupervisorConfig;
import io.gamebus.game.GameDefinition;
import io.gamebus.metrics.GamebusMetrics;
import io.gamebus.placement.InstanceDirectory;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.nio.file.Path;
import io.gamebus.hotswap.GameJar;
import io.gamebus.hotswap.InvalidGameJarException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's manager of game instances: deploys the configured ones, answers what runs here,
 * restarts an instance on demand. Each instance is an {@link InstanceSlot} verticle of its own.
 */
public final class Supervisor extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

  private static final long LISTING_TIMEOUT_MS = 5_000;

  private final String node;
  private final List<String> roles;
  private final List<GameConfig> games;
  private final SupervisorConfig limits;
  private final Function<GameConfig, GameDefinition> resolver;
  private final InstanceDirectory directory;
  private final GamebusMetrics metrics;
  private final Map<String, InstanceSlot> slots = new LinkedHashMap<>();
  private final Map<String, String> deployments = new HashMap<>();
  private final Map<String, Integer> counters = new HashMap<>();
  private final VersionRollout rollout = new VersionRollout(this);
  private SnapshotStore snapshots;
  private Relocator relocator;

  /** A slot with its state at one moment. */
  record Described(InstanceSlot slot, InstanceInfo info) {}

  public Supervisor(String node, List<String> roles, List<GameConfig> games, SupervisorConfig limits,
                    Function<GameConfig, GameDefinition> resolver, InstanceDirectory directory,
                    GamebusMetrics metrics) {
    this.node = node;
    this.roles = roles;
    this.games = games;
    this.limits = limits;
    this.resolver = resolver;
    this.directory = directory;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    snapshots = new SnapshotStore(vertx);
    relocator = new DirectoryRelocator(vertx, directory);
    Future<?> inbox = vertx.eventBus().<SupervisorBound>consumer(Addresses.supervisor(node), this::receive).completion();
    List<Future<?>> started = new ArrayList<>();
    started.add(inbox);
    for (GameConfig game : games) {
      GameDefinition definition = resolver.apply(game);
      for (int i = 0; i < game.instances(); i++) {
        // A game that cannot start is the supervisor's to report, not a reason to refuse the node.
        started.add(deploy(definition, game, 0, null).compose(InstanceSlot::serving).recover(e -> {
          LOG.error("game {} {} did not start: {}", definition.name(), definition.version(), e.getMessage());
          return Future.succeededFuture();
        }));
      }
    }
    return Future.join(started).compose(v -> listed(slots.keySet()));
  }

  /**
   * Completes once this node's placement directory lists these instances, so a hello that
   * follows a deploy (or "ready") finds them; reports travel by publish, a moment behind.
   */
  Future<Void> listed(java.util.Collection<String> ids) {
    List<String> wanted = new ArrayList<>(ids);
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    long deadline = System.currentTimeMillis() + LISTING_TIMEOUT_MS;
    vertx.setPeriodic(0, 5, timer -> {
      wanted.removeIf(id -> directory.instance(id) != null);
      if (wanted.isEmpty() || System.currentTimeMillis() > deadline) {
        vertx.cancelTimer(timer);
        done.complete();
      }
    });
    return done.future();
  }

  /** Deploys one more instance of a game version on this node. */
  Future<InstanceSlot> deploy(GameDefinition definition, GameConfig game, long deployOrder, JsonObject restored) {
    int n = counters.merge(definition.name(), 1, Integer::sum);
    String id = definition.name() + "-" + node + "-" + n;
    SlotSpec spec = new SlotSpec(id, definition, node, game.capacity(), game.snapshotMs(), game.config(), deployOrder);
    InstanceSlot slot = new InstanceSlot(spec, restored, limits, snapshots, relocator, metrics);
    slots.put(id, slot);
    return vertx.deployVerticle(slot).map(deployment -> {
      deployments.put(id, deployment);
      return slot;
    });
  }

  /** The configured settings of a game (capacity, snapshots), or the defaults for a game only uploaded. */
  GameConfig settingsOf(String game) {
    for (GameConfig config : games) {
      if (game.equals(config.name())) {
        return config;
      }
    }
    return new GameConfig(game, null, 1, 1000, 1000, new JsonObject());
  }

  InstanceSlot slot(String id) {
    return slots.get(id);
  }

  /** Undeploys an instance; once a version has no instance left here, its class loader is closed. */
  Future<Void> undeploy(InstanceSlot slot) {
    String deployment = deployments.remove(slot.id());
    slots.remove(slot.id());
    Future<Void> undeployed = deployment == null ? Future.succeededFuture() : vertx.undeploy(deployment);
    return undeployed.onComplete(v -> unloadIfUnused(slot.definition()));
  }

  private void unloadIfUnused(GameDefinition definition) {
    boolean used = slots.values().stream().anyMatch(s -> s.definition() == definition);
    if (!used) {
      definition.unloader().run();
    }
  }

  Future<List<Described>> describeSlots() {
    List<InstanceSlot> all = new ArrayList<>(slots.values());
    List<Future<InstanceInfo>> infos = new ArrayList<>();
    all.forEach(slot -> infos.add(slot.describe()));
    return Future.all(infos).map(done -> {
      List<Described> described = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        described.add(new Described(all.get(i), infos.get(i).result()));
      }
      return described;
    });
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
      slot.restart().onSuccess(info -> message.reply(new InstanceBound.Joined(info)))
          .onFailure(e -> message.fail(500, e.getMessage()));
    } else if (body instanceof SupervisorBound.Deploy deploy) {
      deployVersion(deploy).onSuccess(message::reply).onFailure(e -> message.fail(
          e instanceof IllegalArgumentException || e instanceof InvalidGameJarException ? 400 : 500, e.getMessage()));
    } else if (body instanceof SupervisorBound.Retire retire) {
      rollout.retire(retire.game(), retire.version(), retire.successor())
          .onSuccess(count -> message.reply(count)).onFailure(e -> message.fail(500, e.getMessage()));
    }
  }

  /** Loads the jar (off the event loop: file and class loading) and rolls the version out here. */
  private Future<SupervisorBound.Deployed> deployVersion(SupervisorBound.Deploy deploy) {
    Path storage = Path.of(System.getProperty("java.io.tmpdir"), "gamebus-" + node + "-games");
    return vertx.executeBlocking(() -> GameJar.load(deploy.jar(), storage))
        .compose(definition -> rollout.deploy(definition, deploy).onFailure(e -> unloadIfUnused(definition)));
  }

  private Future<SupervisorBound.NodeState> describe() {
    List<Future<InstanceInfo>> infos = new ArrayList<>();
    slots.values().forEach(slot -> infos.add(slot.describe()));
    return Future.all(infos).map(all -> new SupervisorBound.NodeState(node, roles, all.list()));
  }
}
