package io.gamebus.games.arena;

/**
 * A tiny seeded random generator whose whole state is one {@code long}, so a match's
 * randomness survives {@link ArenaWorld#snapshot()} and replays the same way after a restore
 * ({@link java.util.Random} cannot hand out its state).
 */
final class SplitMix64 {

  private long state;

  SplitMix64(long state) {
    this.state = state;
  }

  long state() {
    return state;
  }

  long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [0, 1). */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, bound). */
  int nextInt(int bound) {
    return (int) Math.floorMod(nextLong(), (long) bound);
  }
}
