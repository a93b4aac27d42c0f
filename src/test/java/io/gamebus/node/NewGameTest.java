package io.gamebus.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.testing.Maven;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@DisplayName("gamebus new game")
class NewGameTest {
  @TempDir
  Path dir;

  private int gamebus(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  @Test
  @DisplayName("writes a project that mvn package builds, as it stands, into a game jar it plays on a real node")
  void projectBuildsAndPlays() throws IOException {
    Path project = dir.resolve("space-race");
    assertThat(gamebus("new", "game", "space-race", "--dir", project.toString())).isZero();
    assertThat(project.resolve("src/main/java/com/example/space_race/SpaceRaceGame.java")).exists();

    Maven.installApi();
    Maven.run(project, "package");

    assertThat(project.resolve("target/space-race-1.0.0.jar")).exists();
    String played = Files.readString(project.resolve(
        "target/surefire-reports/TEST-com.example.space_race.SpaceRaceGameNodeTest.xml"));
    assertThat(played).contains("tests=\"1\"", "failures=\"0\"", "errors=\"0\"", "skipped=\"0\"");
  }

  @Test
  @DisplayName("refuses a name that cannot be a game's, and a folder that is not empty (exit 2)")
  void refusesBadNameAndFullFolder() throws IOException {
    assertThat(gamebus("new", "game", "Space Race", "--dir", dir.resolve("x").toString())).isEqualTo(2);
    Files.writeString(dir.resolve("taken.txt"), "mine");
    assertThat(gamebus("new", "game", "dice", "--dir", dir.toString())).isEqualTo(2);
    assertThat(dir.resolve("pom.xml")).doesNotExist();
  }
}
