package io.gamebus.hotswap.games;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where {@link TracedGame} and {@link LeakyGame} record the class loader of each version they run
 * from, by weak reference. Never put in a game jar, so every version sees this one copy, loaded
 * by the server's class loader.
 */
public final class LoaderTrace {
  private static final List<WeakReference<ClassLoader>> LOADERS = new CopyOnWriteArrayList<>();

  private LoaderTrace() {}

  public static void seen(ClassLoader loader) {
    for (WeakReference<ClassLoader> known : LOADERS) {
      if (known.get() == loader) {
        return;
      }
    }
    LOADERS.add(new WeakReference<>(loader));
  }

  /** How many loaders were seen since {@link #clear()}. */
  public static int seen() {
    return LOADERS.size();
  }

  /** The loaders seen so far that are still reachable. */
  public static long alive() {
    return LOADERS.stream().filter(ref -> ref.get() != null).count();
  }

  public static void clear() {
    LOADERS.clear();
  }
}
