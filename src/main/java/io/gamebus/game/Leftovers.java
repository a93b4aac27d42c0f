package io.gamebus.game;

import java.util.ArrayList;
import java.util.List;

/**
 * What a generation left when it ended, kept until the slot takes it: the mailbox items the game
 * never processed and the requests it took but never answered. Handed out once, to whoever ends
 * the generation first; callable from any thread (the game's, the watchdog's, the slot's).
 */
final class Leftovers {
  private final List<Object> unprocessed = new ArrayList<>();
  private final List<Generation.Unanswered> unanswered = new ArrayList<>();

  synchronized void add(List<Object> items, List<Generation.Unanswered> requests) {
    unprocessed.addAll(items);
    unanswered.addAll(requests);
  }

  /** What is left, in order; empty once taken. */
  synchronized Generation.Remains take() {
    if (unprocessed.isEmpty() && unanswered.isEmpty()) {
      return Generation.Remains.NONE;
    }
    Generation.Remains remains = new Generation.Remains(List.copyOf(unprocessed), List.copyOf(unanswered));
    unprocessed.clear();
    unanswered.clear();
    return remains;
  }
}
