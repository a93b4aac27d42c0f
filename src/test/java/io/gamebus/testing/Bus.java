package io.gamebus.testing;

import io.vertx.core.json.JsonObject;

/**
 * The event bus a behaviour suite runs on: one suite, run once per constant with
 * {@code @ParameterizedClass @EnumSource(Bus.class)}, checks the same behaviour whether the
 * gateway and its games share a local bus or talk over the cluster.
 */
public enum Bus {
  /** One node, gateway and games, on a local event bus. */
  LOCAL {
    @Override
    public Deployment start(JsonObject overrides) {
      return Deployment.local(overrides);
    }
  },
  /** A gateway-only node and a games-only node on real Hazelcast: every message crosses the cluster. */
  CLUSTERED {
    @Override
    public Deployment start(JsonObject overrides) {
      return Deployment.clustered(overrides);
    }
  };

  /** Starts gamebus on this bus, {@code overrides} merged over each node's configuration. */
  public abstract Deployment start(JsonObject overrides);

  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
