package io.gamebus.node;

import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT start a graceful stop, once. Handled as signals rather than a shutdown
 * hook so the process can finish draining and exit with status 0.
 */
@SuppressWarnings("restriction")
final class Signals {
  private Signals() {}

  static void onTerminate(Runnable stop) {
    AtomicBoolean once = new AtomicBoolean();
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> {
        if (once.compareAndSet(false, true)) {
          stop.run();
        }
      });
    }
  }
}
