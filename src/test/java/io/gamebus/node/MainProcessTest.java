package io.gamebus.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.testing.AdminClient;
import io.gamebus.testing.TestClient;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The gamebus command")
class MainProcessTest {
  static final long WAIT_S = 60;

  @TempDir
  Path dir;
  private Process process;

  @AfterEach
  void kill() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }

  /** Starts {@code io.gamebus.node.Main} in its own JVM with the test's class path. */
  private Process gamebus(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.gamebus.node.Main");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(dir.resolve("stderr.txt").toFile());
    builder.environment().remove("GAMEBUS_ADMIN_TOKEN");
    process = builder.start();
    return process;
  }

  private Path conf(String json) throws IOException {
    return Files.writeString(dir.resolve("gamebus.json"), json);
  }

  private String stderr() throws IOException {
    return Files.readString(dir.resolve("stderr.txt"));
  }

  /** Stdout lines, read on their own thread so the child never blocks on a full pipe. */
  private static BlockingQueue<String> lines(Process process) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException ignored) {
        // the process is gone
      }
    }, "gamebus-stdout");
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  @Test
  @DisplayName("--conf FILE: prints its endpoints and 'ready', serves clients on every gateway event loop, and on SIGTERM tells them all shutdown and exits 0")
  void runsAndDrainsOnSigterm() throws Exception {
    int loops = 3;
    Path file = conf(new JsonObject()
        .put("node", new JsonObject().put("id", "cli1"))
        .put("gateway", new JsonObject().put("host", "127.0.0.1").put("tcpPort", 0).put("httpPort", 0).put("defaultGame", "echo")
            .put("eventLoops", loops))
        .put("admin", new JsonObject().put("port", 0).put("token", "cli-token"))
        .put("games", new io.vertx.core.json.JsonArray().add(new JsonObject().put("name", "echo").put("instances", 1).put("capacity", 10)))
        .encodePrettily());
    BlockingQueue<String> out = lines(gamebus("--conf", file.toString()));
    List<String> startup = untilReady(out);
    assertThat(startup).last().isEqualTo("gamebus node cli1 ready");

    int tcpPort = port(startup, "gamebus node cli1 tcp 127\\.0\\.0\\.1:(\\d+)");
    int wsPort = port(startup, "gamebus node cli1 websocket ws://127\\.0\\.0\\.1:(\\d+)/ws");
    port(startup, "gamebus node cli1 web http://127\\.0\\.0\\.1:(\\d+)/");
    int adminPort = port(startup, "gamebus node cli1 admin http://127\\.0\\.0\\.1:(\\d+)/");
    assertThat(startup).noneMatch(l -> l.contains("admin token")); // configured, so not printed

    List<TestClient> clients = new ArrayList<>();
    try {
      // Vert.x hands connections to the gateway verticles in turn: one of each kind per event loop.
      for (int i = 0; i < loops; i++) {
        TestClient tcp = TestClient.tcp(tcpPort);
        clients.add(tcp);
        assertThat(tcp.hello("echo").getString("node")).isEqualTo("cli1");
        TestClient ws = TestClient.ws(wsPort);
        clients.add(ws);
        ws.hello("echo");
        assertThat(ws.request(2, "r", new JsonObject().put("a", 1)).getString("type")).isEqualTo("reply");
      }
      String metrics = new AdminClient(adminPort, "cli-token").getWithoutToken("/metrics").body();
      for (int loop = 0; loop < loops; loop++) {
        assertThat(metrics).contains("gamebus_gateway_connections{loop=\"" + loop + "\"} 2.0");
      }
      process.destroy(); // SIGTERM
      JsonObject shutdown = new JsonObject().put("type", "closing").put("reason", "shutdown");
      for (TestClient client : clients) {
        assertThat(client.untilClosed()).as("%s client", client.kind()).containsExactly(shutdown);
      }
    } finally {
      clients.forEach(TestClient::close);
    }
    assertThat(process.waitFor(WAIT_S, TimeUnit.SECONDS)).as("exited").isTrue();
    assertThat(process.exitValue()).as("exit status (stderr: %s)", stderr()).isZero();
  }

  /** The lines the command prints up to and including its {@code ready} line. */
  private List<String> untilReady(BlockingQueue<String> out) throws InterruptedException, IOException {
    List<String> startup = new ArrayList<>();
    String line;
    do {
      line = out.poll(WAIT_S, TimeUnit.SECONDS);
      assertThat(line).as("stdout before 'ready' (stderr: %s)", stderr()).isNotNull();
      startup.add(line);
    } while (!line.endsWith(" ready"));
    return startup;
  }

  private static int port(List<String> lines, String pattern) {
    Pattern regex = Pattern.compile(pattern);
    for (String line : lines) {
      Matcher matcher = regex.matcher(line);
      if (matcher.matches()) {
        return Integer.parseInt(matcher.group(1));
      }
    }
    throw new AssertionError("no line like " + pattern + " in " + lines);
  }

  @Test
  @DisplayName("drains and exits 0 on a SIGTERM sent the moment it says 'ready'")
  void sigtermRightAfterReady() throws Exception {
    Path file = conf("{\"gateway\":{\"host\":\"127.0.0.1\",\"tcpPort\":0,\"httpPort\":0,\"defaultGame\":\"echo\"},"
        + "\"admin\":{\"port\":0,\"token\":\"t\"},\"games\":[{\"name\":\"echo\",\"instances\":1}]}");
    BlockingQueue<String> out = lines(gamebus("--conf", file.toString()));
    String line;
    do {
      line = out.poll(WAIT_S, TimeUnit.SECONDS);
      assertThat(line).as("stdout before 'ready' (stderr: %s)", stderr()).isNotNull();
    } while (!line.endsWith(" ready"));
    process.destroy();
    assertThat(process.waitFor(WAIT_S, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("exit status (stderr: %s)", stderr()).isZero();
  }

  @Test
  @DisplayName("prints a generated admin token when none is configured")
  void generatedToken() throws Exception {
    Path file = conf("{\"gateway\":{\"host\":\"127.0.0.1\",\"tcpPort\":0,\"httpPort\":0,\"defaultGame\":\"echo\"},\"admin\":{\"port\":0},"
        + "\"games\":[{\"name\":\"echo\",\"instances\":1}]}");
    BlockingQueue<String> out = lines(gamebus("--conf", file.toString()));
    List<String> startup = untilReady(out);
    assertThat(startup).anyMatch(l -> l.matches("gamebus node n1 admin token [A-Za-z0-9_-]{22} \\(generated; .*"));
    process.destroy();
    assertThat(process.waitFor(WAIT_S, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
  }

  @Test
  @DisplayName("exits non-zero, naming the problem, for a --conf file that is not JSON")
  void invalidJson() throws Exception {
    Path file = conf("{ \"gateway\": { \"tcpPort\": 7070, }");
    assertThat(gamebus("--conf", file.toString()).waitFor(WAIT_S, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isNotZero();
    assertThat(stderr()).contains("gamebus:", file.toString(), "is not a JSON object");
  }

  @Test
  @DisplayName("exits non-zero, naming the key, for a --conf file with a value of the wrong type")
  void wrongType() throws Exception {
    Path file = conf("{\"gateway\":{\"tcpPort\":\"seven thousand\"}}");
    assertThat(gamebus("--conf", file.toString()).waitFor(WAIT_S, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isNotZero();
    assertThat(stderr()).contains("gateway.tcpPort must be an integer from 0 to 65535 (got \"seven thousand\")");
  }

  @Test
  @DisplayName("exits non-zero, naming the file, for a --conf file that does not exist")
  void missingFile() throws Exception {
    Path file = dir.resolve("nowhere.json");
    assertThat(gamebus("--conf", file.toString()).waitFor(WAIT_S, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isNotZero();
    assertThat(stderr()).contains("cannot read configuration file " + file);
  }

  @Test
  @DisplayName("exits 2, naming the key and the file, for an auth key file that cannot be read or an auth section without a usable key")
  void badAuthConfiguration() throws Exception {
    Path missing = dir.resolve("keys").resolve("idp.pem");
    Path file = conf("{\"auth\":{\"jwt\":{\"publicKeyFiles\":[\"" + missing + "\"]}}}");
    assertThat(gamebus("--conf", file.toString()).waitFor(WAIT_S, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(stderr()).contains("auth.jwt.publicKeyFiles file " + missing + " cannot be read");

    file = conf("{\"auth\":{\"required\":true}}");
    assertThat(gamebus("--conf", file.toString()).waitFor(WAIT_S, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(stderr()).contains("auth.jwt has no usable signature key");
  }
}
