package io.gamebus.placement;

import io.gamebus.bus.InstanceInfo;
import io.gamebus.protocol.ErrorCode;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The least-loaded active instance by sessions/capacity, cluster-wide, ties broken at random.
 * Load counts the placements still in flight from this node, so simultaneous hellos see each
 * other and spread out (see {@link InstanceDirectory.Entry#load()}).
 */
public final class LeastLoadedPlacement implements Placement {
  private final InstanceDirectory directory;

  public LeastLoadedPlacement(InstanceDirectory directory) {
    this.directory = directory;
  }

  @Override
  public Choice choose(String game) {
    InstanceDirectory.Entry best = null;
    double bestLoad = Double.MAX_VALUE;
    int ties = 0;
    boolean known = false;
    boolean anyActive = false;
    for (InstanceDirectory.Entry entry : directory.entriesOf(game)) {
      known = true;
      InstanceInfo info = entry.info();
      if (!info.isActive()) {
        continue;
      }
      anyActive = true;
      int load = entry.load();
      if (load >= info.capacity()) {
        continue;
      }
      double ratio = (double) load / info.capacity();
      if (ratio < bestLoad) {
        best = entry;
        bestLoad = ratio;
        ties = 1;
      } else if (ratio == bestLoad && ThreadLocalRandom.current().nextInt(++ties) == 0) {
        best = entry; // reservoir sampling: each tied instance equally likely
      }
    }
    if (best != null) {
      best.reserve();
      return Choice.of(best.info());
    }
    if (!known) {
      return Choice.refuse(ErrorCode.NO_GAME, "no game named '" + game + "' runs here");
    }
    if (!anyActive) {
      return Choice.refuse(ErrorCode.UNAVAILABLE, "game '" + game + "' has no active instance");
    }
    return Choice.refuse(ErrorCode.FULL, "every instance of game '" + game + "' is at capacity");
  }

  @Override
  public InstanceInfo current(String instanceId) {
    return directory.current(instanceId);
  }

  @Override
  public boolean knowsNode(String nodeId) {
    return directory.node(nodeId) != null;
  }

  @Override
  public void settle(String instanceId, InstanceInfo answer) {
    if (answer != null) {
      directory.update(answer, System.currentTimeMillis());
    }
    InstanceDirectory.Entry entry = directory.entry(instanceId);
    if (entry != null) {
      entry.settle(answer);
    }
  }
}
