package io.gamebus.supervisor;

import io.gamebus.bus.Addresses;
import io.gamebus.bus.InstanceBound;
import io.gamebus.bus.InstanceInfo;
import io.gamebus.bus.SupervisorBound;
import io.gamebus.config.GameConfig;
import io.gamebus.config.SupervisorConfig;
import io.gamebus.game.GameDefinition;
import io.gamebus.game.GamePool;
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
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.nio.file.Path;
import io.gamebus.hotswap.GameJar;
import io.gamebus.hotswap.VersionRegistry;
import io.gamebus.bus.RegistryEvent;
import io.gamebus.game.ContextHop;
import io.gamebus.games.BuiltInGames;
import io.gamebus.protocol.MoveReason;
import io.gamebus.hotswap.InvalidGameJarException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's manager of game instances: deploys the configured ones, answers what runs here,
 * restarts an instance on demand. Each instance is an {@link InstanceSlot} verticle of its own;
 * their games share the node's {@link GamePool} ({@code supervisor.gameThreads} threads).
 */
public final class Supervisor extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

  private static final long LISTING_TIMEOUT_MS = 5_000;
  /** A node that shuts down waits this long for another to take an instance, then keeps it. */
  private static final io.vertx.core.eventbus.DeliveryOptions EVACUATE =
      new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(10_000);

  private final int resumeSeconds;
  private final String node;
  private final List<String> roles;
  private final List<GameConfig> games;
  private final SupervisorConfig limits;
  private final Function<GameConfig, GameDefinition> resolver;
  private final InstanceDirectory directory;
  private final GamebusMetrics metrics;
  private final Map<String, InstanceSlot> slots = new LinkedHashMap<>();
  private final Map<String, String> deployments = new HashMap<>();
  /** The configured entry of each game by the game's own name, which for a jar comes from its manifest. */
  private final Map<String, GameConfig> settings = new HashMap<>();
  /** Instances taken over from another node, to when they started: see {@link #settleTakeovers}. */
  private final Map<String, Long> takeovers = new HashMap<>();
  private final VersionRollout rollout = new VersionRollout(this);
  private GamePool pool;
  private SnapshotStore snapshots;
  private Relocator relocator;
  private VersionRegistry versions;
  private NodeLossRecovery recovery;
  private Path storage;
  private InstanceIds ids;

  /** A slot with its state at one moment. */
  record Described(InstanceSlot slot, InstanceInfo info) {}

  public Supervisor(String node, List<String> roles, List<GameConfig> games, SupervisorConfig limits,
                    int resumeSeconds, Function<GameConfig, GameDefinition> resolver, InstanceDirectory directory,
                    GamebusMetrics metrics) {
    this.resumeSeconds = resumeSeconds;
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
    pool = new GamePool(limits.gameThreads(), limits.hangMs(), metrics);
    metrics.gameThreads(pool::liveThreads);
    snapshots = new SnapshotStore(vertx);
    relocator = new DirectoryRelocator(vertx, directory);
    versions = new VersionRegistry(vertx);
    recovery = new NodeLossRecovery(vertx, node, directory);
    ids = new InstanceIds(vertx, node);
    vertx.setPeriodic(InstanceDirectory.REPORT_INTERVAL_MS, t -> settleTakeovers());
    Future<?> inbox = vertx.eventBus().<SupervisorBound>consumer(Addresses.supervisor(node), this::receive).completion();
    vertx.eventBus().<RegistryEvent.NodeLost>localConsumer(Addresses.NODE_LOST, m -> nodeLost(m.body()));
    // A folder of this node's own for uploaded jars: two nodes with one id on a host share nothing.
    Future<String> folder = vertx.fileSystem().createTempDirectory("gamebus-" + node + "-uploads-")
        .onSuccess(dir -> storage = Path.of(dir));
    // The instances' heartbeat, all at once: one timer for the node rather than one per instance,
    // which with thousands of idle instances woke the event loops a thousand times a second.
    vertx.setPeriodic(InstanceDirectory.REPORT_INTERVAL_MS, t -> heartbeat());
    // Reading and checking jars (and loading their classes) is blocking work: off the event loop.
    Future<List<GameDefinition>> resolved = vertx.executeBlocking(() -> games.stream().map(resolver).toList());
    return Future.all(inbox, folder, versions.all(), resolved).compose(all -> {
      Map<String, JsonObject> current = all.resultAt(2);
      List<GameDefinition> definitions = all.resultAt(3);
      List<Future<?>> started = new ArrayList<>();
      java.util.Set<String> configured = new java.util.HashSet<>();
      for (int g = 0; g < games.size(); g++) {
        GameConfig game = games.get(g);
        GameDefinition definition = definitions.get(g);
        configured.add(definition.name());
        settings.put(definition.name(), game);
        JsonObject uploaded = current.get(definition.name());
        if (uploaded != null && !uploaded.getString("version").equals(definition.version())) {
          // Joining a cluster that has moved on to an uploaded version: run that one.
          started.add(startUploaded(uploaded, game));
          continue;
        }
        for (int i = 0; i < game.instances(); i++) {
          started.add(deploy(definition, game, 0, null).compose(InstanceSlot::serving).recover(e -> notStarted(definition, e)));
        }
      }
      if (roles.contains("games")) {
        // Games only ever uploaded to the cluster run on every games node, this one too.
        current.forEach((name, uploaded) -> {
          if (!configured.contains(name)) {
            started.add(startUploaded(uploaded, settingsOf(name)));
          }
        });
      }
      return Future.join(started);
    }).compose(v -> listed(slots.keySet()));
  }

  private Future<?> startUploaded(JsonObject uploaded, GameConfig game) {
    return vertx.executeBlocking(() -> GameJar.load(uploaded.getBinary("jar"), storage())).compose(definition -> {
      List<Future<?>> started = new ArrayList<>();
      for (int i = 0; i < Math.max(1, game.instances()); i++) {
        started.add(deploy(definition, game, uploaded.getLong("deployOrder"), null).compose(InstanceSlot::serving)
            .recover(e -> notStarted(definition, e)));
      }
      return Future.join(started);
    });
  }

  /** A game that cannot start is the supervisor's to report, not a reason to refuse the node. */
  private Future<Void> notStarted(GameDefinition definition, Throwable e) {
    LOG.error("game {} {} did not start: {}", definition.name(), definition.version(), e.getMessage());
    return Future.succeededFuture();
  }

  /** Repeats each instance's last report; an instance undeployed is out of {@code slots} already. */
  private void heartbeat() {
    for (InstanceSlot slot : slots.values()) {
      RegistryEvent.InstanceReport last = slot.lastReport();
      if (last != null) {
        vertx.eventBus().publish(Addresses.REGISTRY, last);
      }
    }
  }

  private void nodeLost(RegistryEvent.NodeLost lost) {
    slots.values().forEach(slot -> slot.gatewayNodeLost(lost.node(), resumeSeconds));
    recovery.recover(lost);
  }

  /**
   * Runs an instance for another node, under a new id of this node: after that node died, from
   * the lost instance's last snapshot in the cluster, or, while it shuts down, from the state it
   * handed over.
   */
  private Future<InstanceInfo> host(SupervisorBound.Host request) {
    InstanceInfo template = request.template();
    Future<JsonObject> restored = request.replaces().isEmpty() ? Future.succeededFuture(request.restored())
        : snapshots.getBounded(template.id()).otherwise(slow -> {
          LOG.error("the last snapshot of lost instance {} could not be read in time; its replacement starts without it",
              template.id());
          return null;
        });
    return definitionOf(template.game(), template.version()).recover(missing -> currentOf(template, missing))
        .compose(definition -> restored.compose(state -> {
      GameConfig entry = settingsOf(template.game());
      GameConfig sized = new GameConfig(entry.name(), entry.jar(), 1, template.capacity(), entry.snapshotMs(),
          entry.config());
      return deploy(definition, sized, template.deployOrder(), state, template.node(), request.replaces());
    })).compose(slot -> slot.serving().compose(v -> listed(List.of(slot.id()))).compose(v -> slot.describe()));
  }

  /**
   * The cluster keeps only the current jar of a game: an instance of an older one (lost while
   * draining) runs again as the current version, from its state, as a migrate would.
   */
  private Future<GameDefinition> currentOf(InstanceInfo template, Throwable missing) {
    return versions.all().map(all -> all.get(template.game())).compose(current -> current == null
        ? Future.failedFuture(missing) : definitionOf(template.game(), current.getString("version"))).onSuccess(d ->
        LOG.warn("instance {} ran {} {}, which no node here has any more: its replacement runs {}", template.id(),
            template.game(), template.version(), d.version()));
  }

  /**
   * How the cluster settles back to its configured shape: an instance taken over from another
   * node keeps taking that node's players for the resume window (their gateways, and clients
   * resuming, bring them); after that, once the node is back, it takes no new players and is
   * retired when its last one leaves. While the node stays away it serves like any other.
   */
  private void settleTakeovers() {
    long now = System.currentTimeMillis();
    takeovers.entrySet().removeIf(takeover -> {
      InstanceSlot slot = slots.get(takeover.getKey());
      if (slot == null) {
        return true;
      }
      InstanceDirectory.Node origin = directory.node(slot.origin());
      if (now - takeover.getValue() < TimeUnit.SECONDS.toMillis(resumeSeconds) || origin == null || origin.leaving()) {
        return false;
      }
      LOG.info("node {} is back: instance {}, taken over from it, takes no new players and retires once empty",
          slot.origin(), slot.id());
      slot.drainUntilEmpty().compose(v -> undeploy(slot));
      return true;
    });
  }

  /** A game version this node can run: one it runs already, a built-in one, a configured jar, or an uploaded jar. */
  private Future<GameDefinition> definitionOf(String game, String version) {
    for (InstanceSlot slot : slots.values()) {
      if (slot.definition().name().equals(game) && slot.definition().version().equals(version)) {
        return Future.succeededFuture(slot.definition());
      }
    }
    GameDefinition builtIn = BuiltInGames.named(game);
    if (builtIn != null && builtIn.version().equals(version)) {
      return Future.succeededFuture(builtIn);
    }
    return versions.jar(game, version).compose(jar -> vertx.executeBlocking(() -> {
      if (jar != null) {
        return GameJar.load(jar, storage());
      }
      for (GameConfig config : games) {
        if (config.jar() != null) {
          GameDefinition candidate = resolver.apply(config);
          if (candidate.name().equals(game) && candidate.version().equals(version)) {
            return candidate;
          }
          candidate.unloader().run();
        }
      }
      throw new IllegalStateException("this node has no jar for " + game + " " + version);
    }));
  }

  /**
   * Graceful stop in a cluster: each instance here that has players or takes them hands them,
   * with a snapshot taken now, to a new instance on another games node (reason {@code shutdown}).
   * Instances with nowhere to go stay, and their players are told {@code closing}.
   */
  public Future<Void> evacuate() {
    return ContextHop.call(context, () -> {
      List<Future<Void>> moved = new ArrayList<>();
      List<String> others = new ArrayList<>();
      for (InstanceDirectory.Node other : directory.nodes()) {
        if (other.roles().contains("games") && !other.leaving() && !other.id().equals(node)) {
          others.add(other.id());
        }
      }
      if (others.isEmpty()) {
        return Future.succeededFuture();
      }
      int turn = 0;
      for (InstanceSlot slot : new ArrayList<>(slots.values())) {
        String target = others.get(turn++ % others.size());
        // Draining ones too (a takeover settling back, an old version): their successor settles back in turn.
        moved.add(slot.describe().compose(info -> !info.isActive() && info.sessions() == 0 ? Future.succeededFuture()
            : slot.handOver().compose(state -> vertx.eventBus().<Object>request(Addresses.supervisor(target),
                    new SupervisorBound.Host(info, state, List.of()), EVACUATE))
                .compose(reply -> slot.transferTo(((InstanceBound.Joined) reply.body()).instance(), MoveReason.SHUTDOWN))
                .compose(v -> undeploy(slot))
                .onFailure(e -> LOG.warn("could not move instance {} to {}: {}", slot.id(), target, e.getMessage()))
                .otherwiseEmpty()));
      }
      return Future.join(moved).otherwiseEmpty().mapEmpty();
    });
  }

  private Path storage() {
    return storage;
  }

  /**
   * The instances are undeployed already (they are this verticle's children): unload their games,
   * stop the game threads, remove the uploads.
   */
  @Override
  public Future<?> stop() {
    new ArrayList<>(slots.values()).forEach(slot -> slot.definition().unloader().run());
    pool.close();
    return storage == null ? Future.succeededFuture() : vertx.fileSystem().deleteRecursive(storage.toString());
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
    return deploy(definition, game, deployOrder, restored, null);
  }

  /** The same, standing in for an instance taken over from node {@code origin} (null: none). */
  Future<InstanceSlot> deploy(GameDefinition definition, GameConfig game, long deployOrder, JsonObject restored,
                              String origin) {
    return deploy(definition, game, deployOrder, restored, origin, List.of());
  }

  private Future<InstanceSlot> deploy(GameDefinition definition, GameConfig game, long deployOrder, JsonObject restored,
                                      String origin, List<String> replaces) {
    return ids.next(definition.name()).compose(id -> {
      SlotSpec spec = new SlotSpec(id, definition, node, game.capacity(), game.snapshotMs(), game.config(), deployOrder,
          origin, List.copyOf(replaces));
      InstanceSlot slot = new InstanceSlot(spec, pool, restored, limits, snapshots, relocator, metrics);
      slots.put(id, slot);
      if (origin != null) {
        takeovers.put(id, System.currentTimeMillis());
      }
      return vertx.deployVerticle(slot).map(deployment -> {
        deployments.put(slot.id(), deployment);
        return slot;
      });
    });
  }

  /**
   * The configured settings of a game (capacity, snapshots, config) for every version of it,
   * whether its entry names it or only its jar does; the defaults for a game only uploaded.
   */
  GameConfig settingsOf(String game) {
    GameConfig configured = settings.get(game);
    return configured != null ? configured : new GameConfig(game, null, 1, 1000, 1000, new JsonObject());
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
      // Closing the loader closes its jar file (and deletes an uploaded one): blocking work.
      vertx.executeBlocking(() -> {
        definition.unloader().run();
        return null;
      });
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
    } else if (body instanceof SupervisorBound.Host request) {
      host(request).onSuccess(info -> message.reply(new InstanceBound.Joined(info)))
          .onFailure(e -> message.fail(500, e.getMessage()));
    } else if (body instanceof SupervisorBound.Retire retire) {
      rollout.retire(retire.game(), retire.version(), retire.successor())
          .onSuccess(count -> message.reply(count)).onFailure(e -> message.fail(500, e.getMessage()));
    }
  }

  /** Loads the jar (off the event loop: file and class loading) and rolls the version out here. */
  private Future<SupervisorBound.Deployed> deployVersion(SupervisorBound.Deploy deploy) {
    return vertx.executeBlocking(() -> GameJar.load(deploy.jar(), storage()))
        .compose(definition -> rollout.deploy(definition, deploy).onFailure(e -> unloadIfUnused(definition)));
  }

  private Future<SupervisorBound.NodeState> describe() {
    List<Future<InstanceInfo>> infos = new ArrayList<>();
    slots.values().forEach(slot -> infos.add(slot.describe()));
    return Future.all(infos).map(all -> new SupervisorBound.NodeState(node, roles, all.list()));
  }
}
