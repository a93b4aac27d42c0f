package io.gamebus.game;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.api.Game;
import io.gamebus.api.Message;
import io.gamebus.api.Player;
import io.gamebus.bus.InstanceBound;
import io.gamebus.metrics.GamebusMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Generations on the game pool")
class GenerationTest {
  private static final long HANG_MS = 200;
  private Vertx vertx;
  private final GamebusMetrics metrics = new GamebusMetrics(new SimpleMeterRegistry());
  private final List<Generation> generations = new ArrayList<>();
  private final CompletableFuture<GameFailure> failure = new CompletableFuture<>();
  private GamePool pool;

  @BeforeEach
  void given(Vertx vertx) {
    this.vertx = vertx; // closed by VertxExtension after each test
  }

  @AfterEach
  void close() {
    generations.forEach(g -> g.close(false));
    if (pool != null) {
      pool.close();
    }
  }

  @Test
  @DisplayName("a call stuck for hangMs is reported as a hang, and its thread is replaced")
  void reportsStuckCall() throws Exception {
    pool = new GamePool(1, HANG_MS, metrics);
    Sleeper sleeper = new Sleeper(5_000);
    Generation generation = start(sleeper, "sleeper-1");
    long start = System.nanoTime();
    sleeper.busy(generation);
    GameFailure hang = failure.get(5, TimeUnit.SECONDS);
    assertThat(hang.hung()).isTrue();
    assertThat(hang.hook()).isEqualTo("message");
    assertThat(hang.route()).isEqualTo("sleep");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(HANG_MS - 20, HANG_MS + 1_500);
    assertThat(pool.liveThreads()).isEqualTo(1);
  }

  @Test
  @DisplayName("instances queued behind a stuck one run on the thread that replaces it")
  void othersMoveToTheReplacement() throws Exception {
    pool = new GamePool(1, HANG_MS, metrics);
    Sleeper sleeper = new Sleeper(5_000);
    Generation generation = start(sleeper, "sleeper-1");
    CountDownLatch answered = new CountDownLatch(1);
    Generation other = start(new Game() {
      @Override
      public void message(Player player, Message message) {
        answered.countDown();
      }
    }, "other-1");
    sleeper.busy(generation);
    long start = System.nanoTime();
    other.offer(new InstanceBound.Join("p2", "gw", false, null));
    other.offer(new InstanceBound.Deliver("p2", 1, "hi", new JsonObject()));
    assertThat(answered.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(HANG_MS + 1_500);
    assertThat(failure.get(5, TimeUnit.SECONDS).hook()).isEqualTo("message");
  }

  @Test
  @DisplayName("a pause of the whole process is not taken for a hang of the game")
  void toleratesProcessPause() throws Exception {
    pool = new GamePool(1, HANG_MS, metrics, false);
    Sleeper sleeper = new Sleeper(500);
    Generation generation = start(sleeper, "sleeper-1");
    pool.check();
    sleeper.busy(generation);
    pool.check();
    Thread.sleep(300); // the watchdog itself did not run, as in a long GC pause
    pool.check();
    assertThat(failure).isNotDone();
    assertThat(pool.liveThreads()).isEqualTo(1);
  }

  @Test
  @DisplayName("a game that ran no code since its last snapshot counts as unchanged; a message or one of its timers changes that")
  void unchangedSinceSnapshot() throws Exception {
    pool = new GamePool(1, HANG_MS, metrics);
    CountDownLatch ticked = new CountDownLatch(1);
    Generation generation = start(new Game() {
      @Override
      public void message(Player player, Message message) {
        if ("tick-later".equals(message.route())) {
          vertx.setTimer(200, t -> ticked.countDown());
        }
      }
    }, "quiet-1");
    assertThat(generation.unchangedSinceSnapshot()).isFalse();
    snapshot(generation);
    assertThat(generation.unchangedSinceSnapshot()).isTrue();
    Thread.sleep(50); // time alone, with no game code running, must not count as a change
    assertThat(generation.unchangedSinceSnapshot()).isTrue();

    generation.offer(new InstanceBound.Join("p1", "gw", false, null));
    generation.offer(new InstanceBound.Deliver("p1", 0, "tick-later", new JsonObject()));
    snapshot(generation);
    assertThat(generation.unchangedSinceSnapshot()).isTrue();
    assertThat(ticked.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(generation.unchangedSinceSnapshot()).as("after the game's own timer ran").isFalse();
  }

  private void snapshot(Generation generation) throws Exception {
    CompletableFuture<Object> done = new CompletableFuture<>();
    vertx.getOrCreateContext().runOnContext(v -> generation.snapshot().onComplete(ar -> done.complete(null)));
    done.get(5, TimeUnit.SECONDS);
  }

  private Generation start(Game game, String instance) throws Exception {
    GameDefinition definition = GameDefinition.builtIn("sleeper", "1.0.0", () -> game);
    // Made on a Vert.x context, as a slot makes it: that is where its futures complete.
    CompletableFuture<Generation> made = new CompletableFuture<>();
    vertx.getOrCreateContext().runOnContext(v -> made.complete(new Generation(vertx, pool, definition, instance, 1,
        new JsonObject(), (g, f) -> failure.complete(f))));
    Generation generation = made.get(10, TimeUnit.SECONDS);
    generations.add(generation);
    generation.start(null).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return generation;
  }

  /** A game stuck for a while in route sleep: the hang under test. */
  private static final class Sleeper implements Game {
    private final long ms;
    private final CountDownLatch sleeping = new CountDownLatch(1);

    Sleeper(long ms) {
      this.ms = ms;
    }

    /** Has the game take one message on route sleep, and waits until it is in it. */
    void busy(Generation generation) throws InterruptedException {
      generation.offer(new InstanceBound.Join("p1", "gw", false, null));
      generation.offer(new InstanceBound.Deliver("p1", 1, "sleep", new JsonObject()));
      assertThat(sleeping.await(5, TimeUnit.SECONDS)).as("the game took the message").isTrue();
    }

    @Override
    public void message(Player player, Message message) {
      if (!"sleep".equals(message.route())) {
        return;
      }
      sleeping.countDown();
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
