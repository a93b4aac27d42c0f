package io.gamebus.instance;

import io.gamebus.bus.Addresses;
import io.gamebus.bus.InstanceInfo;
import io.gamebus.bus.RegistryEvent;
import io.gamebus.config.GameConfig;
import io.gamebus.config.SupervisorConfig;
import io.gamebus.game.GameDefinition;
import io.gamebus.game.GamePool;
import io.gamebus.metrics.GamebusMetrics;
import io.gamebus.placement.InstanceDirectory;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The instance slots of one node: deploys each as a verticle (a child of the verticle calling,
 * the supervisor), undeploys it and closes its version's class loader once no slot runs that
 * version any more, and repeats every slot's last report as its heartbeat. Used on the
 * supervisor's event loop.
 */
public final class InstanceSlots {
  private static final long LISTING_TIMEOUT_MS = 5_000;
  /**
   * How long an instance whose players moved elsewhere outlives its undeploy: a gateway switches
   * when it hears {@code moved} from the new instance, and until then it may still send here.
   */
  private static final long FORWARDING_MS = 3_000;

  private final Vertx vertx;
  private final String node;
  private final GamePool pool;
  private final SupervisorConfig limits;
  private final SnapshotStore snapshots;
  private final InstanceDirectory directory;
  private final GamebusMetrics metrics;
  private final Relocator relocator;
  private final InstanceIds ids;
  private final Map<String, InstanceSlot> slots = new LinkedHashMap<>();
  private final Map<String, String> deployments = new HashMap<>();
  /** Slots undeployed but still forwarding what reaches them to where their players went. */
  private final Map<String, InstanceSlot> leaving = new HashMap<>();

  /** A slot with its state at one moment. */
  public record Described(InstanceSlot slot, InstanceInfo info) {}

  public InstanceSlots(Vertx vertx, String node, GamePool pool, SupervisorConfig limits, SnapshotStore snapshots,
                       InstanceDirectory directory, GamebusMetrics metrics) {
    this.vertx = vertx;
    this.node = node;
    this.pool = pool;
    this.limits = limits;
    this.snapshots = snapshots;
    this.directory = directory;
    this.metrics = metrics;
    this.relocator = new DirectoryRelocator(vertx, directory);
    this.ids = new InstanceIds(vertx, node);
  }

  /** Deploys one more instance of a game version on this node, standing in for one of node {@code origin} (null: none). */
  public Future<InstanceSlot> deploy(GameDefinition definition, GameConfig game, long deployOrder, JsonObject restored,
                                     String origin) {
    return deploy(definition, game, deployOrder, restored, origin, List.of());
  }

  /** The same, taking over the players of the lost instances {@code replaces}. */
  public Future<InstanceSlot> deploy(GameDefinition definition, GameConfig game, long deployOrder, JsonObject restored,
                                     String origin, List<String> replaces) {
    return ids.next(definition.name()).compose(id -> {
      SlotSpec spec = new SlotSpec(id, definition, node, game.capacity(), game.snapshotMs(), game.config(), deployOrder,
          origin, List.copyOf(replaces));
      InstanceSlot slot = new InstanceSlot(spec, pool, restored, limits, snapshots, relocator, metrics);
      slots.put(id, slot);
      return vertx.deployVerticle(slot).map(deployment -> {
        deployments.put(slot.id(), deployment);
        return slot;
      });
    });
  }

  /**
   * Undeploys an instance; once a version has no instance left here, its class loader is closed.
   * One whose players left for other instances forwards their late traffic for
   * {@value #FORWARDING_MS} ms first, out of the listings already.
   */
  public Future<Void> undeploy(InstanceSlot slot) {
    String deployment = deployments.remove(slot.id());
    slots.remove(slot.id());
    if (deployment == null) {
      unloadIfUnused(slot.definition());
      return Future.succeededFuture();
    }
    leaving.put(slot.id(), slot);
    // Completes once the registry was told: the instance is gone for placement and listings.
    return slot.leaving().otherwise(false).onSuccess(forwarding -> {
      if (forwarding) {
        vertx.setTimer(FORWARDING_MS, t -> remove(slot, deployment));
      } else {
        remove(slot, deployment);
      }
    }).mapEmpty();
  }

  private void remove(InstanceSlot slot, String deployment) {
    vertx.undeploy(deployment).onComplete(v -> {
      leaving.remove(slot.id());
      unloadIfUnused(slot.definition());
    });
  }

  /** Closes a version's class loader unless a slot here runs it, or still forwards for it. */
  public void unloadIfUnused(GameDefinition definition) {
    boolean used = slots.values().stream().anyMatch(s -> s.definition() == definition)
        || leaving.values().stream().anyMatch(s -> s.definition() == definition);
    if (!used) {
      // Closing the loader closes its jar file (and deletes an uploaded one): blocking work.
      vertx.executeBlocking(() -> {
        definition.unloader().run();
        return null;
      });
    }
  }

  /** The slots are undeployed already (with the supervisor, their parent): closes every version's loader. */
  public void unloadAll() {
    List<InstanceSlot> all = new ArrayList<>(slots.values());
    all.addAll(leaving.values());
    all.forEach(slot -> slot.definition().unloader().run());
  }

  /** The slot of that instance id, or null. */
  public InstanceSlot get(String id) {
    return slots.get(id);
  }

  /** Every slot, in the order deployed. */
  public Collection<InstanceSlot> all() {
    return new ArrayList<>(slots.values());
  }

  /** A version a slot here runs already, or null. */
  public GameDefinition running(String game, String version) {
    for (InstanceSlot slot : slots.values()) {
      if (slot.definition().name().equals(game) && slot.definition().version().equals(version)) {
        return slot.definition();
      }
    }
    return null;
  }

  /** Every slot with its state as of now. */
  public Future<List<Described>> describeAll() {
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

  /** Repeats each instance's last report; an instance undeployed is out of {@code slots} already. */
  public void heartbeat() {
    for (InstanceSlot slot : slots.values()) {
      RegistryEvent.InstanceReport last = slot.lastReport();
      if (last != null) {
        vertx.eventBus().publish(Addresses.REGISTRY, last);
      }
    }
  }

  /**
   * Completes once this node's placement directory lists these instances, so a hello that
   * follows a deploy (or "ready") finds them; reports travel by publish, a moment behind.
   */
  public Future<Void> listed(Collection<String> instanceIds) {
    List<String> wanted = new ArrayList<>(instanceIds);
    Promise<Void> done = Promise.promise();
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
}
