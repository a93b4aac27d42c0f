package io.gamebus.admin;

import io.gamebus.bus.Addresses;
import io.gamebus.bus.InstanceInfo;
import io.gamebus.bus.SupervisorBound;
import io.gamebus.placement.InstanceDirectory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What runs where, exactly as of now: asks every known node's supervisor (not the placement
 * view, whose load figures may lag) and shapes the contract's answers.
 */
final class ClusterView {
  private static final DeliveryOptions ASK = new DeliveryOptions().setSendTimeout(3_000);

  private final Vertx vertx;
  private final InstanceDirectory directory;
  private final String self;

  ClusterView(Vertx vertx, InstanceDirectory directory, String self) {
    this.vertx = vertx;
    this.directory = directory;
    this.self = self;
  }

  /** Every node with its roles and instances (a node that does not answer is listed with none). */
  Future<List<SupervisorBound.NodeInstances>> nodes() {
    Map<String, List<String>> known = new TreeMap<>();
    directory.nodes().forEach(n -> known.put(n.id(), n.roles()));
    List<Future<SupervisorBound.NodeInstances>> answers = new ArrayList<>();
    known.forEach((id, roles) -> {
      if (!roles.contains("games")) {
        answers.add(Future.succeededFuture(new SupervisorBound.NodeInstances(id, roles, List.of())));
        return;
      }
      answers.add(vertx.eventBus().<SupervisorBound>request(Addresses.supervisor(id), new SupervisorBound.Describe(), ASK)
          .map(reply -> (SupervisorBound.NodeInstances) reply.body())
          .otherwise(new SupervisorBound.NodeInstances(id, roles, List.of())));
    });
    return Future.join(answers).map(all -> {
      List<SupervisorBound.NodeInstances> states = new ArrayList<>();
      answers.forEach(f -> states.add(f.result()));
      return states;
    });
  }

  /** {@code {"nodes":[{"id","roles","instances"}]}} */
  Future<JsonObject> cluster() {
    return nodes().map(states -> {
      JsonArray nodes = new JsonArray();
      for (SupervisorBound.NodeInstances state : states) {
        nodes.add(new JsonObject().put("id", state.node()).put("roles", new JsonArray(state.roles()))
            .put("self", state.node().equals(self)).put("instances", instances(state.instances())));
      }
      return new JsonObject().put("nodes", nodes);
    });
  }

  /** {@code {"games":[{"name","current","versions":[{"version","instances"}]}]}}, versions in deploy order. */
  Future<JsonObject> games() {
    return nodes().map(states -> {
      Map<String, Map<String, List<InstanceInfo>>> byGame = new TreeMap<>();
      for (SupervisorBound.NodeInstances state : states) {
        for (InstanceInfo info : state.instances()) {
          byGame.computeIfAbsent(info.game(), g -> new LinkedHashMap<>())
              .computeIfAbsent(info.version(), v -> new ArrayList<>()).add(info);
        }
      }
      JsonArray games = new JsonArray();
      byGame.forEach((name, versions) -> {
        List<Map.Entry<String, List<InstanceInfo>>> ordered = new ArrayList<>(versions.entrySet());
        ordered.sort(Comparator.comparingLong(e -> e.getValue().get(0).deployOrder()));
        JsonArray list = new JsonArray();
        String current = null;
        for (Map.Entry<String, List<InstanceInfo>> version : ordered) {
          list.add(new JsonObject().put("version", version.getKey()).put("instances", instances(version.getValue())));
          if (version.getValue().stream().anyMatch(InstanceInfo::isActive)) {
            current = version.getKey();
          }
        }
        games.add(new JsonObject().put("name", name).put("current", current).put("versions", list));
      });
      return new JsonObject().put("games", games);
    });
  }

  private static JsonArray instances(List<InstanceInfo> infos) {
    JsonArray array = new JsonArray();
    infos.stream().sorted(Comparator.comparing(InstanceInfo::id)).forEach(i -> array.add(i.toAdminJson()));
    return array;
  }
}
