package io.gamebus.supervisor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Small helpers of the supervision tests that time round trips. */
final class Timing {
  private Timing() {}

  static long p50(List<Long> samples) {
    List<Long> sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
