package io.gamebus.game;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.api.Game;
import io.gamebus.api.Message;
import io.gamebus.api.Player;
import io.gamebus.bus.InstanceBound;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A generation's hang watch")
class GenerationTest {
  private static final long HANG_MS = 200;
  private final Vertx vertx = Vertx.vertx();
  private Generation generation;

  @AfterEach
  void close() throws Exception {
    if (generation != null) {
      generation.close(false);
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("reports a call that stays stuck for hangMs while it watches")
  void reportsStuckCall() throws Exception {
    start(sleeper(5_000));
    generation.checkHang(HANG_MS);
    long start = System.nanoTime();
    busy();
    GameFailure hang = null;
    while (hang == null && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4)) {
      Thread.sleep(10);
      hang = generation.checkHang(HANG_MS);
    }
    assertThat(hang).isNotNull();
    assertThat(hang.hung()).isTrue();
    assertThat(hang.hook()).isEqualTo("message");
    assertThat(hang.route()).isEqualTo("sleep");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(HANG_MS - 20, HANG_MS + 1_500);
  }

  @Test
  @DisplayName("does not take a pause of the whole process for a hang of the game")
  void toleratesProcessPause() throws Exception {
    start(sleeper(500));
    generation.checkHang(HANG_MS);
    busy();
    assertThat(generation.checkHang(HANG_MS)).isNull();
    Thread.sleep(300); // the watchdog itself did not run, as in a long GC pause
    assertThat(generation.checkHang(HANG_MS)).isNull();
  }

  private void start(Game game) throws Exception {
    GameDefinition definition = GameDefinition.builtIn("sleeper", "1.0.0", () -> game);
    // Made on a Vert.x context, as a slot makes it: that is where its futures complete.
    CompletableFuture<Generation> made = new CompletableFuture<>();
    vertx.getOrCreateContext().runOnContext(v ->
        made.complete(new Generation(vertx, definition, "sleeper-1", 1, new JsonObject(), (g, f) -> { })));
    generation = made.get(10, TimeUnit.SECONDS);
    generation.start(null).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Has the game take one message on route sleep, and waits until it is in it. */
  private void busy() throws InterruptedException {
    generation.offer(new InstanceBound.Join("p1", "gw", false, null));
    generation.offer(new InstanceBound.Deliver("p1", 1, "sleep", new JsonObject()));
    Thread.sleep(50);
  }

  private static Game sleeper(long ms) {
    return new Game() {
      @Override
      public void message(Player player, Message message) {
        try {
          Thread.sleep(ms);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
  }
}
