package io.gamebus.guide;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.hotswap.GameJar;
import io.gamebus.testing.FreePorts;
import io.gamebus.testing.GamebusCommand;
import io.gamebus.testing.Maven;
import io.gamebus.testing.TestClient;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the commands of docs/game-development.md as written, in a folder that holds
 * {@code gamebus/} and the game: the blocks marked {@code <!-- guide-test: NAME -->}. Two
 * stand-ins: {@code gamebus/target/gamebus.jar} is a launcher jar for this build's classes (the
 * tests run before the real jar is packed), and Maven runs offline (the local repository the
 * build filled, with gamebus-api installed as the install block does). The node gets free ports.
 */
@DisplayName("The game-development guide, followed as written")
class GameGuideTest {
  private static final Path GUIDE = Path.of("docs", "game-development.md");
  private static final String TOKEN = "secret";
  /** Maven offline and quiet in every script: the guide's mvn lines run unchanged. */
  private static final String SHELL = "set -e\nmvn() { command mvn -B -o \"$@\"; }\n";

  @TempDir
  Path work;

  @Test
  @DisplayName("creates, builds and plays the game, runs it from a configuration, and hot-swaps a new version in")
  void fromNothingToAHotSwappedGame() throws IOException {
    String guide = Files.readString(GUIDE);
    assertThat(block(guide, "install")).contains("(cd gamebus && mvn -q install -DskipTests)");
    launcherJar(work.resolve("gamebus/target/gamebus.jar"));
    Maven.installApi();

    run(block(guide, "create"));
    assertThat(work.resolve("counter/target/counter-1.0.0.jar")).exists();

    int tcpPort = FreePorts.next();
    int adminPort = FreePorts.next();
    JsonObject ports = new JsonObject()
        .put("gateway", new JsonObject().put("host", "127.0.0.1").put("tcpPort", tcpPort).put("httpPort", FreePorts.next()))
        .put("admin", new JsonObject().put("port", adminPort));
    Files.writeString(work.resolve("my-node.json"), new JsonObject(block(guide, "config")).mergeIn(ports, true).encode());
    String start = block(guide, "run");
    int last = start.lastIndexOf('\n', start.length() - 2);
    try (GamebusCommand node = GamebusCommand.shell(work, SHELL + start.substring(0, last + 1) + "exec "
        + start.substring(last + 1), TOKEN)) {
      node.awaitLine(l -> l.endsWith(" ready"));
      try (TestClient player = TestClient.tcp(tcpPort)) {
        player.send(new JsonObject().put("type", "hello").put("id", 1));
        JsonObject welcome = player.next("welcome");
        assertThat(welcome.getString("game")).as("the default game").isEqualTo("counter");
        assertThat(player.request(2, "add", new JsonObject().put("by", 2)).getJsonObject("body").getLong("count"))
            .isEqualTo(2);

        String uploaded = run(block(guide, "upload").replace("127.0.0.1:9090", "127.0.0.1:" + adminPort));
        assertThat(uploaded).contains("\"game\":\"counter\",\"version\":\"1.0.1\"");
        JsonObject moved = player.next("moved");
        assertThat(moved.getString("reason")).isEqualTo("hotswap");
        assertThat(moved.getString("version")).isEqualTo("1.0.1");
        assertThat(player.request(3, "get", new JsonObject()).getJsonObject("body").getLong("count")).isEqualTo(2);
      }
      node.terminate();
      assertThat(node.exitStatus()).isZero();
    }
  }

  @Test
  @DisplayName("offers docs/examples/counter-game/ to copy: copied, it builds with mvn package into a valid game jar")
  void theExampleCopiedBuilds() throws IOException {
    Path example = Path.of("docs", "examples", "counter-game");
    Path copy = work.resolve("counter");
    try (Stream<Path> files = Files.walk(example)) {
      for (Path file : files.filter(Files::isRegularFile).filter(f -> !example.relativize(f).startsWith("target"))
          .toList()) {
        Files.copy(file, Files.createDirectories(copy.resolve(example.relativize(file)).getParent())
            .resolve(file.getFileName()));
      }
    }
    Maven.installApi();
    Maven.run(copy, "package");
    assertThat(GameJar.check(copy.resolve("target/counter-1.0.0.jar"))).isEqualTo(new GameJar.Checked("counter", "1.0.0"));
  }

  /** The fenced block after {@code <!-- guide-test: NAME -->}. */
  private static String block(String guide, String name) {
    Matcher block = Pattern.compile("<!-- guide-test: " + name + " -->\\n```\\w*\\n(.*?)```", Pattern.DOTALL)
        .matcher(guide);
    assertThat(block.find()).as("a block marked guide-test: %s in %s", name, GUIDE).isTrue();
    return block.group(1);
  }

  /** Runs a block of the guide with bash in the working folder; its output. */
  private String run(String commands) throws IOException {
    Path output = work.resolve("script-" + System.nanoTime() + ".log");
    Process bash = new ProcessBuilder("bash", "-c", SHELL + commands).directory(work.toFile())
        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
    try {
      assertThat(bash.waitFor(600, TimeUnit.SECONDS)).as("finished: %s", commands).isTrue();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    String out = Files.readString(output);
    assertThat(bash.exitValue()).as("exit status of\n%s\noutput:\n%s", commands, out).isZero();
    return out;
  }

  /** A jar that runs this build's gamebus: its manifest names Main and the test class path. */
  private static void launcherJar(Path jar) throws IOException {
    Manifest manifest = new Manifest();
    Attributes main = manifest.getMainAttributes();
    main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    main.put(Attributes.Name.MAIN_CLASS, "io.gamebus.node.Main");
    main.put(Attributes.Name.CLASS_PATH, Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(entry -> Path.of(entry).toUri().toString()).collect(Collectors.joining(" ")));
    Files.createDirectories(jar.getParent());
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
      // the manifest is the whole jar
    }
  }
}
