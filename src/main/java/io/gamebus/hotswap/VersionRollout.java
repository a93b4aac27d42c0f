package io.gamebus.hotswap;

import io.gamebus.bus.InstanceInfo;
import io.gamebus.bus.SupervisorBound;
import io.gamebus.config.GameConfig;
import io.gamebus.game.GameDefinition;
import io.gamebus.instance.InstanceSlot;
import io.gamebus.supervisor.Supervisor;
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

  private final Supervisor supervisor;

  public VersionRollout(Supervisor supervisor) {
    this.supervisor = supervisor;
  }

  public Future<SupervisorBound.Deployed> deploy(GameDefinition version, SupervisorBound.Deploy request) {
    String game = version.name();
    long began = System.nanoTime();
    return supervisor.describeSlots().compose(slots -> {
      List<InstanceSlot> olds = new ArrayList<>();
      List<InstanceInfo> oldInfos = new ArrayList<>();
      for (int i = 0; i < slots.size(); i++) {
        InstanceInfo info = slots.get(i).info();
        if (info.game().equals(game) && info.version().equals(version.version())) {
          return Future.failedFuture(new IllegalArgumentException(
              "version " + version.version() + " of game '" + game + "' is already running"));
        }
        // An instance taken over from another node follows the swap even while it settles (draining).
        boolean settling = slots.get(i).slot().origin() != null && InstanceInfo.DRAINING.equals(info.state());
        if (info.game().equals(game) && (info.isActive() || settling)) {
          olds.add(slots.get(i).slot());
          oldInfos.add(info);
        }
      }
      int count = request.instances() > 0 ? request.instances() : Math.max(1, olds.size());
      return chooseMode(request.mode(), olds).compose(mode -> (MIGRATE.equals(mode)
          ? migrate(version, request, olds, count)
          : drain(version, request, olds, count))
          .onSuccess(started -> logSwap(version, oldInfos, mode, started.size(), began)));
    }).compose(started -> supervisor.listed(started.stream().map(InstanceInfo::id).toList())
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
            moved.add(old.transferTo(infos.get(i % infos.size())).compose(v -> supervisor.undeploy(old)));
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
            .compose(v -> supervisor.undeploy(old))
            .onFailure(e -> LOG.warn("draining {} failed: {}", old.id(), e.getMessage()));
      }
      return describeAll(news);
    });
  }

  /** Retires every instance of a version here, moving its players to {@code successor}. */
  public Future<Integer> retire(String game, String versionName, String successor) {
    return supervisor.describeSlots().compose(slots -> {
      List<Future<Void>> retired = new ArrayList<>();
      for (Supervisor.Described described : slots) {
        InstanceInfo info = described.info();
        if (info.game().equals(game) && info.version().equals(versionName)) {
          retired.add(described.slot().retire(successor).compose(v -> supervisor.undeploy(described.slot())));
        }
      }
      return Future.all(retired).map(all -> retired.size());
    });
  }

  private Future<InstanceSlot> startServing(GameDefinition version, SupervisorBound.Deploy request, JsonObject restored,
                                           String origin) {
    GameConfig settings = supervisor.settingsOf(version.name());
    return supervisor.deploy(version, settings, request.deployOrder(), restored, origin)
        .compose(slot -> slot.serving().map(slot));
  }

  /**
   * The i-th new instance stands in for the i-th old one: taken over from another node, it
   * keeps that origin, so that it still settles back once that node is back (Supervisor).
   */
  private static String originOf(List<InstanceSlot> olds, int i) {
    return i < olds.size() ? olds.get(i).origin() : null;
  }

  private List<InstanceSlot> slotsOf(List<InstanceInfo> infos) {
    List<InstanceSlot> slots = new ArrayList<>();
    infos.forEach(info -> slots.add(supervisor.slot(info.id())));
    return slots;
  }

  private static Future<List<InstanceInfo>> describeAll(List<InstanceSlot> slots) {
    List<Future<InstanceInfo>> infos = new ArrayList<>();
    slots.forEach(slot -> infos.add(slot.describe()));
    return Future.all(infos).map(all -> all.list());
  }
}
