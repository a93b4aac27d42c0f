package io.gamebus.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Reads a child process's output line by line on a daemon thread, so the child never blocks on a full pipe. */
final class OutputPump {
  private OutputPump() {}

  /** Echoes each line with {@code prefix} and hands it to {@code onLine}, until the process is gone. */
  static void start(InputStream output, String prefix, Consumer<String> onLine) {
    Thread pump = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          System.out.println(prefix + line);
          onLine.accept(line);
        }
      } catch (IOException ignored) {
        // the process is gone
      }
    }, "output-" + prefix.strip());
    pump.setDaemon(true);
    pump.start();
  }
}
