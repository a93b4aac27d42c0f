package io.gamebus.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.games.arena.v2.ArenaV2;
import io.gamebus.testing.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The browser scenarios of {@code src/test/browser} (Node, playwright-core, Debian's Chromium)
 * against a real node started here: the arena played by two people, a dropped connection
 * resumed, a hot swap during play, and the operator dashboard. Skipped, and reported as
 * skipped, where Chromium, node or npm is missing on a developer's machine; failed where they are
 * missing in CI ({@code CI=true}), so a broken browser install cannot pass as green. See
 * docs/testing.md.
 */
@DisplayName("In a real browser")
class BrowserTest {
  private static final Path SCRIPTS = Path.of("src", "test", "browser").toAbsolutePath();
  private static final Path OUTPUT = Path.of("target", "browser").toAbsolutePath();
  private static final long NPM_CI_SECONDS = 180;
  private static final long SCENARIOS_SECONDS = 240;

  @Test
  @DisplayName("the arena plays, resumes and hot-swaps, and the dashboard lists and restarts instances")
  void scenarios() throws Exception {
    Path chromium = chromium();
    if (chromium == null) {
      missing("Chromium is not installed: apt-get install -y chromium");
    }
    Path node = onPath("node");
    if (node == null) {
      missing("node is not installed: apt-get install -y nodejs (version 20 or later)");
    }
    Path npm = onPath("npm");
    if (npm == null) {
      missing("npm is not installed: apt-get install -y npm");
    }

    if (!Files.isDirectory(SCRIPTS.resolve("node_modules").resolve("playwright-core"))) {
      run("npm ci", List.of(npm.toString(), "ci", "--no-audit", "--no-fund"), Map.of(), NPM_CI_SECONDS);
    }
    Files.createDirectories(OUTPUT);
    Path jar = arenaV2Jar();

    JsonObject config = new JsonObject()
        .put("gateway", new JsonObject().put("defaultGame", "arena"))
        .put("games", new JsonArray()
            .add(new JsonObject().put("name", "arena").put("instances", 1).put("capacity", 50).put("snapshotMs", 200))
            .add(new JsonObject().put("name", "echo").put("instances", 1).put("capacity", 100)));
    try (TestNode gamebus = TestNode.start(config)) {
      List<String> command = new ArrayList<>(List.of(node.toString(), "--test", "--test-concurrency=1",
          "--test-reporter=spec"));
      try (Stream<Path> files = Files.list(SCRIPTS.resolve("tests"))) {
        files.map(Path::toString).filter(f -> f.endsWith(".test.mjs")).sorted().forEach(command::add);
      }
      run("browser scenarios", command, Map.of(
          "GAMEBUS_WEB_URL", "http://127.0.0.1:" + gamebus.node().httpPort() + "/",
          "GAMEBUS_ADMIN_URL", "http://127.0.0.1:" + gamebus.node().adminPort() + "/",
          "GAMEBUS_ADMIN_TOKEN", TestNode.TOKEN,
          "GAMEBUS_ARENA_V2_JAR", jar.toString(),
          "GAMEBUS_SCREENSHOTS", OUTPUT.toString(),
          "CHROMIUM", chromium.toString()), SCENARIOS_SECONDS);
    }
  }

  /** Skips the test on a developer's machine; fails it in CI, which must run it. */
  private static void missing(String what) {
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("CI=true but the browser tests cannot run: " + what);
    }
    Assumptions.abort(what);
  }

  /** Debian's {@code /usr/bin/chromium}, else {@code chromium} on the PATH, else null. */
  private static Path chromium() {
    Path debian = Path.of("/usr/bin/chromium");
    return Files.isExecutable(debian) ? debian : onPath("chromium");
  }

  private static Path onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /**
   * The hot-swap demo jar: {@code target/games/arena-2.0.0.jar} when {@code mvn package} built
   * it from the current classes; before the package phase (as in {@code mvn verify}) the same
   * jar is made here from the compiled classes, with the manifest the build gives it.
   */
  private static Path arenaV2Jar() throws IOException, URISyntaxException {
    Path classes = Path.of(ArenaV2.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path arena = classes.resolve("io/gamebus/games/arena");
    Path packaged = Path.of("target", "games", "arena-2.0.0.jar").toAbsolutePath();
    if (Files.isRegularFile(packaged) && Files.getLastModifiedTime(packaged)
        .compareTo(Files.getLastModifiedTime(arena.resolve("v2/ArenaV2.class"))) >= 0) {
      return packaged;
    }
    Manifest manifest = new Manifest();
    Attributes attributes = manifest.getMainAttributes();
    attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    attributes.putValue("Gamebus-Game", "arena");
    attributes.putValue("Gamebus-Version", "2.0.0");
    attributes.putValue("Gamebus-Class", ArenaV2.class.getName());
    Path jar = OUTPUT.resolve("arena-2.0.0.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
         Stream<Path> files = Files.walk(arena)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
        Files.copy(file, out);
        out.closeEntry();
      }
    }
    return jar;
  }

  /**
   * Runs a command in {@link #SCRIPTS}, its output streamed to ours as it comes, and fails with
   * that output if it exits non-zero or outlives its time (then it is killed with its children).
   */
  private static void run(String what, List<String> command, Map<String, String> env, long seconds)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(SCRIPTS.toFile()).redirectErrorStream(true);
    builder.environment().putAll(env);
    builder.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    builder.environment().put("NO_COLOR", "1");
    builder.environment().put("npm_config_update_notifier", "false");
    Process process = builder.start();
    process.getOutputStream().close();
    StringBuilder output = new StringBuilder();
    Thread pump = new Thread(() -> pump(process, what, output), "browser-test-output");
    pump.setDaemon(true);
    pump.start();
    boolean finished = process.waitFor(seconds, TimeUnit.SECONDS);
    if (!finished) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    pump.join(5_000);
    String log;
    synchronized (output) {
      log = output.toString();
    }
    assertThat(finished).as("%s did not finish within %d s; its output:%n%s", what, seconds, log).isTrue();
    assertThat(process.exitValue()).as("%s failed (exit %d); its output:%n%s", what, process.exitValue(), log)
        .isZero();
  }

  private static void pump(Process process, String what, StringBuilder output) {
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        System.out.println("[" + what + "] " + line);
        synchronized (output) {
          output.append(line).append(System.lineSeparator());
        }
      }
    } catch (IOException closed) {
      // the process was killed
    }
  }
}
