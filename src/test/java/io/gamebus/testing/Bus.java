package io.gamebus.testing;

import io.vertx.core.json.JsonObject;

/**
 * The event bus a behaviour suite runs on: one suite, run once per constant, checks the same
 * behaviour whether the gateway and its games share a local bus or talk over the cluster. A suite
 * is a {@code @ParameterizedClass} with {@code @EnumSource(Bus.class)} and a {@code @Parameter Bus}
 * field (so that JUnit hands each run's bus on); its static
 * {@code @BeforeParameterizedClassInvocation start(Bus bus)} starts one {@link Deployment} for
 * all the tests of the run, and {@code @AfterParameterizedClassInvocation} closes it.
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
