package io.gamebus.instance;

import io.gamebus.bus.SessionRef;
import io.gamebus.bus.InstanceInfo;
import io.vertx.core.Future;
import java.util.Map;

/** Moves sessions off an instance that can no longer hold them. */
interface Relocator {

  /**
   * Places {@code sessions} on other active instances of the same game
   * (of {@code version} only, unless it is null); sessions nobody can take are ended with
   * {@code error} {@code unavailable}.
   *
   * @return where each placed session went (session to instance id)
   */
  Future<Map<String, String>> relocate(InstanceInfo from, Map<String, SessionRef> sessions, String reason,
                                       String version);
}
