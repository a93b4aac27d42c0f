package io.gamebus.guide;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("README.md")
class ReadmeTest {
  private static List<String> shellBlocks() throws IOException {
    Matcher block = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(Path.of("README.md")));
    List<String> blocks = new ArrayList<>();
    while (block.find()) {
      blocks.add(block.group(1));
    }
    return blocks;
  }

  @Test
  @DisplayName("opens with the two set-up commands: build and start a node, run the whole test suite")
  void opensWithTheTwoCommands() throws IOException {
    assertThat(shellBlocks().get(0).lines().map(l -> l.replaceAll("\\s+#.*", "")).toList())
        .containsExactly("mvn -q package -DskipTests && java -jar target/gamebus.jar", "mvn verify");
  }

  @Test
  @DisplayName("sets the admin token before it starts the node it then operates with that token")
  void tokenBeforeTheNodeStarts() throws IOException {
    String operate = shellBlocks().stream().filter(b -> b.contains("Authorization: Bearer")).findFirst().orElseThrow();
    int token = operate.indexOf("export GAMEBUS_ADMIN_TOKEN=");
    int start = operate.indexOf("java -jar target/gamebus.jar");
    int firstUse = operate.indexOf("$GAMEBUS_ADMIN_TOKEN");
    assertThat(token).isNotNegative().isLessThan(start);
    assertThat(start).isLessThan(firstUse);
  }
}
