package io.gamebus.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gamebus local --nodes N}, the launcher of a local cluster, run as a process of its own. */
@DisplayName("Local clustered mode")
class LocalModeTest {
  @TempDir
  Path dir;
  private Process launcher;
  private final List<ProcessHandle> nodes = new ArrayList<>();
  private final List<String> output = new ArrayList<>();

  @AfterEach
  void kill() {
    nodes.forEach(ProcessHandle::destroyForcibly);
    if (launcher != null) {
      launcher.destroyForcibly();
    }
  }

  @Test
  @DisplayName("with a node's port taken: says which address, stops the nodes that started and exits non-zero")
  void takenPort() throws Exception {
    int tcp = freePair();
    int http = freePair();
    int admin = freePair();
    int cluster = freePair();
    JsonObject conf = new JsonObject()
        .put("gateway", new JsonObject().put("host", "127.0.0.1").put("tcpPort", tcp).put("httpPort", http)
            .put("defaultGame", "echo"))
        .put("admin", new JsonObject().put("port", admin).put("token", "t"))
        .put("cluster", new JsonObject().put("name", "local-" + Long.toHexString(System.nanoTime())).put("port", cluster))
        .put("games", new JsonArray().add(new JsonObject().put("name", "echo").put("instances", 1)));
    Path file = Files.writeString(dir.resolve("local.json"), conf.encode());
    try (ServerSocket taken = new ServerSocket(tcp + 1, 50, InetAddress.getByName("127.0.0.1"))) {
      launcher = start("local", "--nodes", "2", "--conf", file.toString());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (launcher.isAlive() && System.nanoTime() < deadline) {
        launcher.descendants().filter(p -> !nodes.contains(p)).forEach(nodes::add);
        Thread.sleep(100);
      }
      assertThat(launcher.isAlive()).as("launcher still running; output: %s", output()).isFalse();
    }
    assertThat(launcher.exitValue()).as("launcher exit status").isNotZero();
    assertThat(output()).anyMatch(line -> line.contains("127.0.0.1:" + (tcp + 1) + " is in use (gateway.tcpPort)"));
    assertThat(nodes).as("node processes").isNotEmpty().noneMatch(ProcessHandle::isAlive);
  }

  /** A port p with p + 1 free too. */
  private static int freePair() throws IOException {
    while (true) {
      int port = ThreadLocalRandom.current().nextInt(20_000, 40_000);
      if (free(port) && free(port + 1)) {
        return port;
      }
    }
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private Process start(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(a -> a.startsWith("--add-")).forEach(command::add);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          synchronized (output) {
            output.add(line);
          }
        }
      } catch (IOException ignored) {
        // gone
      }
    });
    reader.setDaemon(true);
    reader.start();
    return process;
  }

  private List<String> output() {
    synchronized (output) {
      return List.copyOf(output);
    }
  }
}
