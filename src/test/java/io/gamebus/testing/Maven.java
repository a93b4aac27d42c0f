package io.gamebus.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the machine's Maven in a folder, offline (the local repository the build filled) for game projects. */
public final class Maven {
  private static final long WAIT_S = 600;

  private Maven() {}

  /**
   * Installs target/gamebus-api.jar (packed after compiling) into the local repository, as mvn
   * install does. Not offline: after a plain {@code mvn verify} the install plugin may not be
   * in the local repository yet.
   */
  public static void installApi() {
    Path root = Path.of("").toAbsolutePath();
    maven(root, List.of("mvn", "-B", "-q", "org.apache.maven.plugins:maven-install-plugin:3.1.2:install-file",
        "-Dfile=" + root.resolve("target/gamebus-api.jar"), "-DpomFile=" + root.resolve("target/gamebus-api.pom")));
  }

  /** Runs Maven offline with these arguments in {@code dir}; fails with its output unless it succeeds. */
  public static void run(Path dir, String... args) {
    List<String> command = new ArrayList<>(List.of("mvn", "-B", "-o", "-q"));
    command.addAll(List.of(args));
    maven(dir, command);
  }

  private static void maven(Path dir, List<String> command) {
    try {
      Path log = Files.createTempFile("maven-", ".log");
      Process maven = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      if (!maven.waitFor(WAIT_S, TimeUnit.SECONDS)) {
        maven.destroyForcibly();
        throw new AssertionError(command + " in " + dir + " still running after " + WAIT_S + " s: " + Files.readString(log));
      }
      String output = Files.readString(log);
      Files.delete(log);
      if (maven.exitValue() != 0) {
        throw new AssertionError(command + " in " + dir + " failed (exit " + maven.exitValue() + "):\n" + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
