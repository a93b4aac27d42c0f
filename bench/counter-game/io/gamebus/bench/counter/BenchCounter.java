package io.gamebus.bench.counter;

import io.gamebus.api.Game;
import io.gamebus.api.GameContext;
import io.gamebus.api.Message;
import io.gamebus.api.Player;
import io.vertx.core.json.JsonObject;

/**
 * The benchmarks' stateful game: one counter per instance, carried over by {@link #snapshot()}.
 * Compiled by bench/hotswap.sh and bench/cluster.sh against target/gamebus.jar and packaged
 * twice, as counter 1.0.0 and 2.0.0 (the same class; replies name the version that answered).
 *
 * <ul>
 *   <li>{@code add} (request): count + 1, replies {@code {"count": after, "v": version, "i": instance id, "t": body.t}};</li>
 *   <li>{@code get} (request): replies {@code {"count": count, "v": version, "t": body.t}};</li>
 *   <li>{@code crash}: throws (the chaos soak's crash); {@code spin}: loops for {@code body.ms}, or until its
 *       thread is interrupted (the chaos soak's hang).</li>
 * </ul>
 * {@code t} is echoed so the load generator can time the round trip, as with {@code echo}.
 */
public class BenchCounter implements Game {

  private GameContext context;
  private long count;

  @Override
  public void start(GameContext context, JsonObject restored) {
    this.context = context;
    this.count = restored == null ? 0 : restored.getLong("count", 0L);
  }

  @Override
  public void message(Player player, Message message) {
    switch (message.route()) {
      case "add" -> {
        count++;
        answer(message);
      }
      case "get" -> answer(message);
      case "crash" -> throw new IllegalStateException("crash on demand");
      case "spin" -> {
        long deadline = System.nanoTime() + message.body().getLong("ms", 10_000L) * 1_000_000;
        while (System.nanoTime() - deadline < 0 && !Thread.currentThread().isInterrupted()) {
          Thread.onSpinWait();
        }
      }
      default -> message.fail("unknown_route", "routes: add, get, crash, spin");
    }
  }

  private void answer(Message message) {
    if (message.isRequest()) {
      message.reply(new JsonObject().put("count", count).put("v", context.version()).put("i", context.instanceId())
          .put("t", message.body().getValue("t")));
    }
  }

  @Override
  public JsonObject snapshot() {
    return new JsonObject().put("count", count);
  }
}
