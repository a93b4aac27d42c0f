package io.gamebus.testing;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Players that keep {@value #WINDOW} requests in flight (route {@code add} on the test counter, or
 * any game that answers every message with a reply) while something moves them: a swap, a node
 * leaving. Each keeps sending until the change is over and it was told {@code moved}, then waits
 * for what it still has in flight. What comes back other than a {@code reply} is a failure.
 */
public final class RequestsInFlight {
  static final int WINDOW = 16;

  private RequestsInFlight() {}

  /** Runs {@code change} while {@code players} keep requests in flight; returns every answer that was not a reply. */
  public static List<JsonObject> across(List<TestClient> players, String route, Runnable change)
      throws InterruptedException {
    AtomicBoolean changing = new AtomicBoolean(true);
    List<JsonObject> failed = Collections.synchronizedList(new ArrayList<>());
    List<Thread> loops = new ArrayList<>();
    for (TestClient player : players) {
      Thread loop = new Thread(() -> keepInFlight(player, route, changing, failed));
      loop.start();
      loops.add(loop);
    }
    try {
      change.run();
    } finally {
      changing.set(false);
      for (Thread loop : loops) {
        loop.join();
      }
    }
    return failed;
  }

  private static void keepInFlight(TestClient player, String route, AtomicBoolean changing, List<JsonObject> failed) {
    long sent = 0;
    long answered = 0;
    boolean moved = false;
    while (changing.get() || !moved || answered < sent) {
      while (sent - answered < WINDOW && (changing.get() || !moved)) {
        player.send(new JsonObject().put("type", "msg").put("route", route).put("id", ++sent));
      }
      JsonObject answer = player.next(m -> !"push".equals(m.getString("type")));
      if ("moved".equals(answer.getString("type"))) {
        moved = true;
        continue;
      }
      answered++;
      if (!"reply".equals(answer.getString("type"))) {
        failed.add(answer);
      }
    }
  }
}
