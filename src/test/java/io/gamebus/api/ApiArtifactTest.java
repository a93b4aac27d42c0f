package io.gamebus.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The gamebus-api artifact (target/gamebus-api.jar and its pom)")
class ApiArtifactTest {
  static final Path JAR = Path.of("target", "gamebus-api.jar");
  static final Path POM = Path.of("target", "gamebus-api.pom");

  @TempDir
  Path dir;

  @Test
  @DisplayName("holds io.gamebus.api and nothing else of the server")
  void holdsOnlyTheApi() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      List<String> classes = jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class")).toList();
      assertThat(classes).isNotEmpty().allMatch(n -> n.startsWith("io/gamebus/api/"));
      assertThat(classes).contains("io/gamebus/api/Game.class", "io/gamebus/api/Player.class",
          "io/gamebus/api/Message.class", "io/gamebus/api/GameContext.class");
    }
  }

  @Test
  @DisplayName("is io.gamebus:gamebus-api, of gamebus's version, depending on vertx-core alone")
  void pomDependsOnVertxCoreOnly() throws IOException {
    String pom = Files.readString(POM);
    Matcher server = Pattern.compile("<artifactId>gamebus</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(Files.readString(Path.of("pom.xml")));
    assertThat(server.find()).isTrue();
    assertThat(pom).contains("<groupId>io.gamebus</groupId>", "<artifactId>gamebus-api</artifactId>",
        "<version>" + server.group(1) + "</version>");
    assertThat(pom.split("<dependency>")).hasSize(2);
    assertThat(pom).contains("<artifactId>vertx-core</artifactId>").doesNotContain("${");
  }

  @Test
  @DisplayName("is all a game needs to compile: with it and vertx-core a game compiles, and no server class is there")
  void aGameCompilesAgainstItAlone() throws IOException {
    Path game = Files.writeString(Files.createDirectories(dir.resolve("src/com/example")).resolve("Tiny.java"), """
        package com.example;

        import io.gamebus.api.Game;
        import io.gamebus.api.Message;
        import io.gamebus.api.Player;
        import io.vertx.core.json.JsonObject;

        public class Tiny implements Game {
          @Override
          public void message(Player player, Message message) {
            message.reply(new JsonObject().put("from", player.id()));
          }
        }
        """);
    assertThat(compile(game)).as("javac exit status").isZero();
    Path server = Files.writeString(dir.resolve("src/com/example/UsesServer.java"), """
        package com.example;

        public class UsesServer {
          io.gamebus.node.Node node;
        }
        """);
    assertThat(compile(server)).as("a server class is not on the game's class path").isNotZero();
  }

  /** javac with gamebus-api and vertx-core (with what vertx-core depends on) as the whole class path. */
  private int compile(Path source) {
    String classPath = Stream.concat(Stream.of(JAR.toString()), Stream.of(System.getProperty("java.class.path")
            .split(File.pathSeparator)).filter(ApiArtifactTest::isVertxCoreOrItsDependency))
        .collect(Collectors.joining(File.pathSeparator));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    return javac.run(null, null, null, "--release", "17", "-d", dir.resolve("classes").toString(),
        "-cp", classPath, source.toString());
  }

  private static boolean isVertxCoreOrItsDependency(String entry) {
    String name = Path.of(entry).getFileName().toString();
    return name.startsWith("vertx-core-") || name.startsWith("netty-") || name.startsWith("jackson-core-");
  }
}
