package io.gamebus.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The {@code gamebus} command ({@code io.gamebus.node.Main}) run in a JVM of its own from the
 * test class path, in a working folder of the test's; stdout is read line by line on its own
 * thread (the child never blocks on a full pipe), stderr goes to a file. Stopped by its PID.
 */
public final class GamebusCommand implements AutoCloseable {
  public static final long WAIT_S = 120;

  private final Process process;
  private final Path stderr;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();

  private GamebusCommand(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
  }

  /** Starts {@code gamebus ARGS} in {@code dir}, without GAMEBUS_ADMIN_TOKEN in its environment. */
  public static GamebusCommand start(Path dir, String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    // The JVM flags Hazelcast wants, as the test JVM got them from the build.
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(a -> a.startsWith("--add-"))
        .forEach(command::add);
    command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), "io.gamebus.node.Main"));
    command.addAll(List.of(args));
    return launch(dir, command, null);
  }

  /** Runs a bash script in {@code dir} (one that ends by exec-ing the gamebus command), with this admin token. */
  public static GamebusCommand shell(Path dir, String script, String adminToken) {
    return launch(dir, List.of("bash", "-c", script), adminToken);
  }

  private static GamebusCommand launch(Path dir, List<String> command, String adminToken) {
    Path stderr = dir.resolve("stderr-" + System.nanoTime() + ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectError(stderr.toFile());
    if (adminToken == null) {
      builder.environment().remove("GAMEBUS_ADMIN_TOKEN");
    } else {
      builder.environment().put("GAMEBUS_ADMIN_TOKEN", adminToken);
    }
    try {
      GamebusCommand gamebus = new GamebusCommand(builder.start(), stderr);
      OutputPump.start(gamebus.process.getInputStream(), "[gamebus] ", gamebus.lines::add);
      return gamebus;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for a stdout line that matches, and returns it; fails with all output so far. */
  public String awaitLine(Predicate<String> wanted) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
    try {
      while (System.nanoTime() < deadline) {
        String line = lines.poll(100, TimeUnit.MILLISECONDS);
        if (line != null) {
          seen.add(line);
          if (wanted.test(line)) {
            return line;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new AssertionError("no such line within " + WAIT_S + " s; stdout: " + seen + "; stderr: " + stderr());
  }

  /** Waits for the process to end and returns its exit status. */
  public int exitStatus() {
    try {
      if (!process.waitFor(WAIT_S, TimeUnit.SECONDS)) {
        throw new AssertionError("still running after " + WAIT_S + " s; stderr: " + stderr());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every stdout line so far. */
  public List<String> stdout() {
    lines.drainTo(seen);
    return List.copyOf(seen);
  }

  public String stderr() {
    try {
      return Files.readString(stderr);
    } catch (IOException e) {
      return "(" + e + ")";
    }
  }

  /** SIGTERM, as an operator would stop it; its output is still read (Process.destroy would close the pipes). */
  public void terminate() {
    process.toHandle().destroy();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
