package io.gamebus.instance;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Counter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * New instance ids, {@code <game>-<node>-<n>}, with {@code n} from a counter in Vert.x shared
 * data: cluster-wide in a cluster, so a node started again under the same id does not reuse an
 * id of its former self, which may still name that instance's successor, a snapshot or a
 * session's entry. Only node {@code <node>} makes ids with its name, and it never makes one
 * twice (should the counter's entry be lost with the members holding it, it starts again from
 * 0 and the ids this node already made are skipped), so no two instances ever share an id. Used on the supervisor's event loop.
 */
final class InstanceIds {
  /** A cluster read the node cannot go on without: bounded, and the deploy fails with why. */
  private static final long COUNTER_TIMEOUT_MS = 5_000;

  private final Vertx vertx;
  private final String node;
  /** Created once per game: creating one is a blocking call into Hazelcast. */
  private final Map<String, Future<Counter>> counters = new HashMap<>();
  private final Set<String> made = new HashSet<>();

  InstanceIds(Vertx vertx, String node) {
    this.vertx = vertx;
    this.node = node;
  }

  Future<String> next(String game) {
    return increment(game)
        // Its entry was lost with the members holding it (Vert.x's counter then fails on the
        // missing value): getting the counter again puts the entry back, from 0.
        .recover(lost -> {
          counters.remove(game);
          return increment(game);
        })
        .compose(n -> {
          String id = game + "-" + node + "-" + n;
          return made.add(id) ? Future.succeededFuture(id) : next(game);
        });
  }

  private Future<Long> increment(String game) {
    return counters.computeIfAbsent(game, g -> vertx.sharedData().getCounter("gamebus.ids." + node + "." + g)
            .onFailure(e -> counters.remove(g)))
        .compose(Counter::incrementAndGet)
        .timeout(COUNTER_TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }
}
