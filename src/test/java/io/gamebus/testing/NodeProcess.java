package io.gamebus.testing;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A gamebus node in a process of its own, started as the CLI starts it ({@code Main}) from the
 * test class path; its output is echoed with its id. Stopped by its PID: SIGTERM or SIGKILL.
 */
public final class NodeProcess {
  private final String id;
  private final JsonObject config;
  private final Process process;
  private final CountDownLatch ready = new CountDownLatch(1);
  private final List<String> lines = new ArrayList<>();

  private NodeProcess(String id, JsonObject config, Process process) {
    this.id = id;
    this.config = config;
    this.process = process;
  }

  public static NodeProcess start(String id, JsonObject config, Path dir, boolean cluster) {
    try {
      Path file = Files.writeString(dir.resolve(id + ".json"), config.encodePrettily());
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      // The JVM flags Hazelcast wants, as the test JVM got them from the build.
      ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
          .filter(a -> a.startsWith("--add-")).forEach(command::add);
      command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
          "-cp", System.getProperty("java.class.path"), "io.gamebus.node.Main", "--conf", file.toString()));
      if (cluster) {
        command.add("--cluster");
      }
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      NodeProcess node = new NodeProcess(id, config, process);
      node.pump();
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void pump() {
    OutputPump.start(process.getInputStream(), "[" + id + "] ", line -> {
      synchronized (lines) {
        lines.add(line);
      }
      if (line.equals("gamebus node " + id + " ready")) {
        ready.countDown();
      }
    });
  }

  public void awaitReady() {
    try {
      if (!ready.await(120, TimeUnit.SECONDS)) {
        throw new AssertionError("node " + id + " not ready within 120 s; output: " + output());
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  public List<String> output() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  public int tcpPort() {
    return config.getJsonObject("gateway").getInteger("tcpPort");
  }

  public int httpPort() {
    return config.getJsonObject("gateway").getInteger("httpPort");
  }

  public int adminPort() {
    return config.getJsonObject("admin").getInteger("port");
  }

  public long pid() {
    return process.pid();
  }

  /** SIGTERM; returns the exit status, or -1 if it did not exit within the wait. */
  public int terminate(long seconds) {
    process.destroy();
    try {
      return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** SIGKILL. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
