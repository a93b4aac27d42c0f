package io.gamebus.node;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gamebus new game NAME [--dir D]}: writes a complete game project (pom, game class with a
 * snapshot, a test that plays the packaged jar on a real node) from the templates beside this
 * class; {@code mvn package} builds and tests it as it stands.
 */
@Command(name = "game", mixinStandardHelpOptions = true,
    description = "Writes a game project: pom.xml, the game class and a test that plays it on a real node.")
final class NewGame implements Callable<Integer> {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  private static final String TEMPLATES = "game-project/";

  @Parameters(paramLabel = "NAME", description = "the game's name, what clients put in hello (e.g. dice, space-race)")
  String name;

  @Option(names = "--dir", paramLabel = "D", description = "where to write the project (default: ./NAME)")
  Path dir;

  @Override
  public Integer call() throws IOException {
    if (!NAME.matcher(name).matches()) {
      System.err.println("gamebus new game: '" + name + "' is not a valid game name; use 1 to 64 lowercase"
          + " letters, digits, '-' or '_', starting with a letter or digit (e.g. dice, space-race)");
      return 2;
    }
    Path target = dir != null ? dir : Path.of(name);
    if (Files.exists(target) && !isEmptyFolder(target)) {
      System.err.println("gamebus new game: " + target + " exists and is not empty; choose another --dir");
      return 2;
    }
    String pkg = "com.example." + name.replaceAll("[^a-z0-9]", "_").replaceFirst("^([0-9])", "_$1");
    String type = className(name);
    Map<String, String> values = Map.of("name", name, "package", pkg, "class", type,
        "gamebusVersion", gamebusVersion(), "gamebusNode", gamebusNode());
    Path sources = Path.of(pkg.replace('.', '/'));
    write(target.resolve("pom.xml"), "pom.xml.template", values);
    write(target.resolve("src/main/java").resolve(sources).resolve(type + ".java"), "Game.java.template", values);
    write(target.resolve("src/test/java").resolve(sources).resolve(type + "NodeTest.java"), "NodeTest.java.template",
        values);
    System.out.println("gamebus new game: wrote " + target + " (game " + name + ", class " + pkg + "." + type + ")");
    System.out.println("  build and test it:  cd " + target + " && mvn package");
    System.out.println("  play and edit it:   java -jar " + gamebusJar() + " dev --game " + target);
    return 0;
  }

  /** {@code space-race} → {@code SpaceRaceGame}. */
  static String className(String name) {
    StringBuilder type = new StringBuilder();
    for (String part : name.split("[-_]")) {
      if (!part.isEmpty()) {
        type.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
      }
    }
    String base = type + "Game";
    return Character.isJavaIdentifierStart(base.charAt(0)) ? base : "Game" + base;
  }

  private static boolean isEmptyFolder(Path path) throws IOException {
    if (!Files.isDirectory(path)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(path)) {
      return entries.findAny().isEmpty();
    }
  }

  private static void write(Path file, String template, Map<String, String> values) throws IOException {
    String text = resource(TEMPLATES + template);
    for (Map.Entry<String, String> value : values.entrySet()) {
      text = text.replace("{{" + value.getKey() + "}}", value.getValue());
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private static String resource(String name) {
    try (InputStream in = NewGame.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " missing from the gamebus jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String gamebusVersion() {
    Properties properties = new Properties();
    try (InputStream in = NewGame.class.getResourceAsStream("gamebus.properties")) {
      properties.load(in);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("gamebus.properties missing from the gamebus jar", e);
    }
    return properties.getProperty("version");
  }

  /** What the project's node test runs: this gamebus.jar, or the class path gamebus runs from (an IDE, the tests). */
  private static String gamebusNode() {
    Path code = codeSource();
    if (!Files.isDirectory(code)) {
      return code.toAbsolutePath().toString();
    }
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(entry -> Path.of(entry).toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator));
  }

  private static String gamebusJar() {
    Path code = codeSource();
    return Files.isDirectory(code) ? "target/gamebus.jar" : code.toAbsolutePath().toString();
  }

  private static Path codeSource() {
    try {
      return Path.of(NewGame.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
