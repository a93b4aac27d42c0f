package io.gamebus.hotswap;

import static io.gamebus.hotswap.InvalidGameJarException.Reason.BAD_NAME;
import static io.gamebus.hotswap.InvalidGameJarException.Reason.BAD_VERSION;
import static io.gamebus.hotswap.InvalidGameJarException.Reason.CLASS_NOT_FOUND;
import static io.gamebus.hotswap.InvalidGameJarException.Reason.MISSING_ATTRIBUTE;
import static io.gamebus.hotswap.InvalidGameJarException.Reason.NOT_A_JAR;
import static io.gamebus.hotswap.InvalidGameJarException.Reason.NO_MANIFEST;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

/**
 * The manifest attributes that make a jar a game jar, read and checked.
 *
 * @param game      {@code Gamebus-Game}: the game's name, e.g. {@code counter}
 * @param version   {@code Gamebus-Version}, e.g. {@code 1.0.0}
 * @param className {@code Gamebus-Class}: the fully qualified name of the {@code Game} class
 */
record GameManifest(String game, String version, String className) {

  static final String GAME = "Gamebus-Game";
  static final String VERSION = "Gamebus-Version";
  static final String CLASS = "Gamebus-Class";

  private static final String EXAMPLE = "e.g. with maven-jar-plugin's <archive><manifestEntries>: "
      + GAME + ": counter, " + VERSION + ": 1.0.0, " + CLASS + ": com.example.counter.CounterGame";
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  private static final Pattern VERSION_TEXT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");
  private static final String IDENTIFIER = "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*";
  private static final Pattern CLASS_NAME = Pattern.compile(IDENTIFIER + "(\\." + IDENTIFIER + ")*");

  /**
   * Reads and checks the manifest of a jar.
   *
   * @param source how messages name the jar (its path, or "uploaded jar")
   * @throws InvalidGameJarException if the file is not a jar, has no manifest, or the manifest
   *                                 lacks or misspells one of the attributes
   */
  static GameManifest read(Path jar, String source) {
    Manifest manifest = manifest(jar, source);
    Attributes attributes = manifest.getMainAttributes();
    String game = value(attributes, GAME);
    String version = value(attributes, VERSION);
    String className = value(attributes, CLASS);

    List<String> missing = new ArrayList<>();
    if (game == null) {
      missing.add(GAME);
    }
    if (version == null) {
      missing.add(VERSION);
    }
    if (className == null) {
      missing.add(CLASS);
    }
    if (!missing.isEmpty()) {
      throw new InvalidGameJarException(MISSING_ATTRIBUTE, source + ": the manifest lacks "
          + list(missing) + "; add " + (missing.size() == 1 ? "it" : "them")
          + " to META-INF/MANIFEST.MF (" + EXAMPLE + ")");
    }
    if (!NAME.matcher(game).matches()) {
      throw new InvalidGameJarException(BAD_NAME, source + ": " + GAME + " '" + game
          + "' is not a valid game name; use 1 to 64 lowercase letters, digits, '-' or '_',"
          + " starting with a letter or digit (e.g. counter, space-race)");
    }
    if (!VERSION_TEXT.matcher(version).matches()) {
      throw new InvalidGameJarException(BAD_VERSION, source + ": " + VERSION + " '" + version
          + "' is not a valid version; use 1 to 64 letters, digits, '.', '_', '+' or '-',"
          + " starting with a letter or digit (e.g. 1.0.0, 2.1.0-beta)");
    }
    if (!CLASS_NAME.matcher(className).matches()) {
      String hint = className.endsWith(".class") || className.contains("/")
          ? " (write it with dots and without .class, e.g. com.example.counter.CounterGame)"
          : " (e.g. com.example.counter.CounterGame)";
      throw new InvalidGameJarException(CLASS_NOT_FOUND, source + ": " + CLASS + " '" + className
          + "' is not a fully qualified class name" + hint);
    }
    return new GameManifest(game, version, className);
  }

  /** Where the class file of {@link #className()} sits in the jar. */
  String classEntry() {
    return className.replace('.', '/') + ".class";
  }

  /** A class of the jar with the same simple name as {@link #className()}: a likely misspelt package. */
  Optional<String> lookalike(Path jar) {
    String simple = "/" + className.substring(className.lastIndexOf('.') + 1) + ".class";
    try (JarFile file = new JarFile(jar.toFile(), false)) {
      return file.stream()
          .map(entry -> entry.getName())
          .filter(entry -> entry.endsWith(simple) || entry.equals(simple.substring(1)))
          .map(entry -> entry.substring(0, entry.length() - ".class".length()).replace('/', '.'))
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Manifest manifest(Path jar, String source) {
    if (!Files.isRegularFile(jar)) {
      throw new InvalidGameJarException(NOT_A_JAR, source + ": no such file; check the path");
    }
    JarFile file;
    try {
      file = new JarFile(jar.toFile(), false);
    } catch (IOException e) {
      throw new InvalidGameJarException(NOT_A_JAR, source + ": not a readable jar (" + e.getMessage()
          + "); a game is a jar file as built by 'mvn package'", e);
    }
    try (file) {
      Manifest manifest = file.getManifest();
      if (manifest == null) {
        throw new InvalidGameJarException(NO_MANIFEST, source
            + ": the jar has no META-INF/MANIFEST.MF; add one naming the game (" + EXAMPLE + ")");
      }
      return manifest;
    } catch (IOException e) {
      throw new InvalidGameJarException(NO_MANIFEST, source + ": META-INF/MANIFEST.MF cannot be read ("
          + e.getMessage() + "); write it as 'Name: value' lines ending with a newline", e);
    }
  }

  private static String list(List<String> names) {
    int last = names.size() - 1;
    return last == 0 ? names.get(0) : String.join(", ", names.subList(0, last)) + " and " + names.get(last);
  }

  private static String value(Attributes attributes, String name) {
    String value = attributes.getValue(name);
    return value == null || value.isBlank() ? null : value.strip();
  }
}
