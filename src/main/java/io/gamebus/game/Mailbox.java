package io.gamebus.game;

import io.vertx.core.Context;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Predicate;

/**
 * A generation's queue of items for its game: filled from any thread, drained on the game's
 * lane in order, the lane woken once however many items arrive before it runs.
 *
 * <p>After {@link #close()} nothing more goes in (an offer returns false, so the caller keeps the
 * item for the next generation) and what was still queued is handed back. After
 * {@link #finish()} nothing more comes out, but items still go in: they are the next
 * generation's, handed back by {@link #close()}.
 */
final class Mailbox {
  /** Items handed to the game per lane task: timers and the heartbeat get in between batches. */
  private static final int BATCH = 64;

  private final Context lane;
  private final Predicate<Object> game;
  private final ArrayDeque<Object> items = new ArrayDeque<>();
  private boolean scheduled;
  private boolean closed;
  private boolean finished;

  /**
   * @param lane the game's context, where items are taken
   * @param game hands one item to the game; false once the game failed (nothing more is taken)
   */
  Mailbox(Context lane, Predicate<Object> game) {
    this.lane = lane;
    this.game = game;
  }

  /** Queues items in order, waking the lane once; false (none queued) once closed. */
  boolean offerAll(List<?> more) {
    boolean schedule;
    synchronized (this) {
      if (closed) {
        return false;
      }
      items.addAll(more);
      schedule = !scheduled;
      scheduled = true;
    }
    if (schedule) {
      lane.runOnContext(v -> drain());
    }
    return true;
  }

  /** The game takes nothing more (it gave its last snapshot); later items wait for {@link #close()}. */
  synchronized void finish() {
    finished = true;
  }

  /** Takes nothing more in or out; returns what was still queued, in order (once: empty after). */
  synchronized List<Object> close() {
    closed = true;
    List<Object> rest = List.copyOf(items);
    items.clear();
    return rest;
  }

  private void drain() {
    for (int i = 0; i < BATCH; i++) {
      Object item;
      synchronized (this) {
        item = closed || finished ? null : items.poll();
        if (item == null) {
          scheduled = false;
          return;
        }
      }
      if (!game.test(item)) {
        return;
      }
    }
    lane.runOnContext(v -> drain());
  }
}
