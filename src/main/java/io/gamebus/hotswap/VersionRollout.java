package io.gamebus.hotswap;

import io.gamebus.bus.InstanceInfo;
import io.gamebus.bus.SupervisorBound;
import io.gamebus.config.GameConfig;
import io.gamebus.game.GameDefinition;
import io.gamebus.instance.InstanceSlot;
import io.gamebus.instance.InstanceSlots;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot swap on one node: a new version's instances start, and the game's older instances here
 * hand over to them (migrate: final snapshot, players and in-flight traffic moved at once) or
 * drain (no new sessions; gone when empty or at the deadline, when the rest are moved).
 */
public final class VersionRollout {
  private static final Logger LOG = LoggerFactory.getLogger(VersionRollout.class);
  static final String MIGRATE = "migrate";
  static final String DRAIN = "drain";

  private final InstanceSlots slots;
  private final GameVersions versions;

  public VersionRollout(InstanceSlots slots, GameVersions versions) {
    this.slots = slots;
    this.versions = versions;
  }

  /** Loads the uploaded jar and rolls its version out here; its loader is closed again if that fails. */
  public Future<SupervisorBound.Deployed> deploy(SupervisorBound.Deploy request) {
    return versions.load(request.jar())
        .compose(definition -> deploy(definition, request).onFailure(e -> slots.unloadIfUnused(definition)));
  }

  private Future<SupervisorBound.Deployed> deploy(GameDefinition version, SupervisorBound.Deploy request) {
    String game = version.name();
    long began = System.nanoTime();
    return slots.describeAll().compose(described -> {
      List<InstanceSlot> olds = new ArrayList<>();
      List<InstanceInfo> oldInfos = new ArrayList<>();
      for (InstanceSlots.Described slot : described) {
        InstanceInfo info = slot.info();
        if (info.game().equals(game) && info.version().equals(version.version())) {
          return Future.failedFuture(new IllegalArgumentException(
              "version " + version.version() + " of game '" + game + "' is already running"));
        }
        // An instance taken over from another node follows the swap even while it settles (draining).
        boolean settling = slot.slot().origin() != null && InstanceInfo.DRAINING.equals(info.state());
        if (info.game().equals(game) && (info.isActive() || settling)) {
          olds.add(slot.slot());
          oldInfos.add(info);
        }
      }
      int count = request.instances() > 0 ? request.instances() : Math.max(1, olds.size());
      return chooseMode(request.mode(), olds).compose(mode -> (MIGRATE.equals(mode)
          ? migrate(version, request, olds, count)
          : drain(version, request, olds, count))
          .onSuccess(started -> logSwap(version, oldInfos, mode, started.size(), began)));
    }).compose(started -> slots.listed(started.stream().map(InstanceInfo::id).toList())
        .map(v -> new SupervisorBound.Deployed(game, version.version(), started)));
  }

  /** One line per swap, what an operator wants to know of it. */
  private static void logSwap(GameDefinition version, List<InstanceInfo> replaced, String mode, int instances,
                              long began) {
    long ms = (System.nanoTime() - began) / 1_000_000;
    if (replaced.isEmpty()) {
      LOG.info("deployed game {} {}: {} instance(s), {} ms", version.name(), version.version(), instances, ms);
      return;
    }
    String from = String.join(", ", replaced.stream().map(InstanceInfo::version).distinct().toList());
    int players = replaced.stream().mapToInt(InstanceInfo::sessions).sum();
    LOG.info("swapped game {} {} -> {} ({}): {} instance(s), {} player(s) {}, {} ms", version.name(), from,
        version.version(), mode, instances, players, MIGRATE.equals(mode) ? "moved" : "left to drain", ms);
  }

  /** The default is migrate when the old version has state to carry over, else drain. */
  private Future<String> chooseMode(String requested, List<InstanceSlot> olds) {
    if (requested != null || olds.isEmpty()) {
      return Future.succeededFuture(requested == null ? MIGRATE : requested);
    }
    return olds.get(0).peekSnapshot().map(state -> state != null ? MIGRATE : DRAIN).otherwise(DRAIN);
  }

  private Future<List<InstanceInfo>> migrate(GameDefinition version, SupervisorBound.Deploy request,
                                              List<InstanceSlot> olds, int count) {
    List<Future<JsonObject>> finals = new ArrayList<>();
    olds.forEach(old -> finals.add(old.handOver()));
    return Future.all(finals).compose(all -> {
      List<Future<InstanceSlot>> started = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        JsonObject restored = i < olds.size() ? finals.get(i).result() : null;
        started.add(startServing(version, request, restored, originOf(olds, i)));
      }
      return Future.all(started).compose(ready -> {
        List<InstanceSlot> news = new ArrayList<>();
        started.forEach(f -> news.add(f.result()));
        return describeAll(news).compose(infos -> {
          List<Future<Void>> moved = new ArrayList<>();
          for (int i = 0; i < olds.size(); i++) {
            InstanceSlot old = olds.get(i);
            moved.add(old.transferTo(infos.get(i % infos.size())).compose(v -> slots.undeploy(old)));
          }
          return Future.all(moved).map(infos);
        });
      });
    }).compose(infos -> describeAll(slotsOf(infos)));
  }

  private Future<List<InstanceInfo>> drain(GameDefinition version, SupervisorBound.Deploy request,
                                            List<InstanceSlot> olds, int count) {
    List<Future<InstanceSlot>> started = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      started.add(startServing(version, request, null, originOf(olds, i)));
    }
    return Future.all(started).compose(ready -> {
      List<InstanceSlot> news = new ArrayList<>();
      started.forEach(f -> news.add(f.result()));
      for (InstanceSlot old : olds) {
        old.drain(request.drainSeconds(), version.version())
            .compose(v -> slots.undeploy(old))
            .onFailure(e -> LOG.warn("draining {} failed: {}", old.id(), e.getMessage()));
      }
      return describeAll(news);
    });
  }

  /** Retires every instance of a version here, moving its players to {@code successor}. */
  public Future<Integer> retire(String game, String versionName, String successor) {
    return slots.describeAll().compose(all -> {
      List<Future<Void>> retired = new ArrayList<>();
      for (InstanceSlots.Described described : all) {
        InstanceInfo info = described.info();
        if (info.game().equals(game) && info.version().equals(versionName)) {
          retired.add(described.slot().retire(successor).compose(v -> slots.undeploy(described.slot())));
        }
      }
      return Future.all(retired).map(done -> retired.size());
    });
  }

  private Future<InstanceSlot> startServing(GameDefinition version, SupervisorBound.Deploy request, JsonObject restored,
                                           String origin) {
    GameConfig settings = versions.settingsOf(version.name());
    return slots.deploy(version, settings, request.deployOrder(), restored, origin)
        .compose(slot -> slot.serving().map(slot));
  }

  /**
   * The i-th new instance stands in for the i-th old one: taken over from another node, it
   * keeps that origin, so that it still settles back once that node is back (supervisor.Takeovers).
   */
  private static String originOf(List<InstanceSlot> olds, int i) {
    return i < olds.size() ? olds.get(i).origin() : null;
  }

  private List<InstanceSlot> slotsOf(List<InstanceInfo> infos) {
    List<InstanceSlot> found = new ArrayList<>();
    infos.forEach(info -> found.add(slots.get(info.id())));
    return found;
  }

  private static Future<List<InstanceInfo>> describeAll(List<InstanceSlot> news) {
    List<Future<InstanceInfo>> infos = new ArrayList<>();
    news.forEach(slot -> infos.add(slot.describe()));
    return Future.all(infos).map(all -> all.list());
  }
}
