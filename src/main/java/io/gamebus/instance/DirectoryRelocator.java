package io.gamebus.instance;

import io.gamebus.bus.Addresses;
import io.gamebus.bus.GatewayBound;
import io.gamebus.bus.InstanceBound;
import io.gamebus.bus.InstanceInfo;
import io.gamebus.bus.SessionRef;
import io.gamebus.placement.InstanceDirectory;
import io.gamebus.protocol.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Relocates by asking other active instances of the game (least loaded first, from the
 * directory) to adopt the sessions, then ends whatever is left.
 */
final class DirectoryRelocator implements Relocator {
  private static final DeliveryOptions ADOPT = new DeliveryOptions().setSendTimeout(5_000);

  private final Vertx vertx;
  private final InstanceDirectory directory;

  DirectoryRelocator(Vertx vertx, InstanceDirectory directory) {
    this.vertx = vertx;
    this.directory = directory;
  }

  @Override
  public Future<Map<String, String>> relocate(InstanceInfo from, Map<String, SessionRef> sessions, String reason,
                                              String version) {
    List<InstanceInfo> targets = new ArrayList<>();
    for (InstanceDirectory.Entry entry : directory.entriesOf(from.game())) {
      InstanceInfo info = entry.info();
      if (info.isActive() && !info.id().equals(from.id()) && (version == null || version.equals(info.version()))) {
        targets.add(info);
      }
    }
    // Least loaded first, and this node's instances before others'.
    targets.sort(Comparator.<InstanceInfo>comparingInt(i -> i.node().equals(from.node()) ? 0 : 1)
        .thenComparingDouble(i -> (double) i.sessions() / i.capacity()));
    Map<String, String> placed = new HashMap<>();
    return adoptInto(targets, 0, new LinkedHashMap<>(sessions), reason, placed).map(left -> {
      evict(left, from.game());
      return placed;
    });
  }

  private Future<Map<String, SessionRef>> adoptInto(List<InstanceInfo> targets, int index, Map<String, SessionRef> left,
                                                String reason, Map<String, String> placed) {
    if (left.isEmpty() || index >= targets.size()) {
      return Future.succeededFuture(left);
    }
    InstanceInfo target = targets.get(index);
    List<SessionRef> refs = new ArrayList<>(left.values());
    return vertx.eventBus().<InstanceBound>request(Addresses.instance(target.id()),
            new InstanceBound.Adopt(refs, reason, false), ADOPT)
        .map(reply -> ((InstanceBound.Adopted) reply.body()).sessions())
        .otherwise(List.of())
        .compose(accepted -> {
          for (String session : accepted) {
            left.remove(session);
            placed.put(session, target.id());
          }
          return adoptInto(targets, index + 1, left, reason, placed);
        });
  }

  private void evict(Map<String, SessionRef> left, String game) {
    Map<String, List<String>> byGateway = new LinkedHashMap<>();
    left.forEach((session, ref) -> byGateway.computeIfAbsent(ref.gateway(), g -> new ArrayList<>()).add(session));
    byGateway.forEach((gateway, list) -> vertx.eventBus().send(gateway, new GatewayBound.Evict(list,
        ErrorCode.UNAVAILABLE.wireName(), "game '" + game + "' has no other active instance to move you to",
        "unavailable")));
  }
}
