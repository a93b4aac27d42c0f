package io.gamebus.hotswap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds game jars for tests from classes of the test class path. */
public final class TestJar {

  private final Manifest manifest = new Manifest();
  private boolean withManifest = true;
  private final Map<String, byte[]> entries = new LinkedHashMap<>();

  private TestJar() {
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
  }

  /** A jar with a manifest naming this game, version and class (null leaves an attribute out). */
  public static TestJar game(String game, String version, String className) {
    TestJar jar = new TestJar();
    jar.attribute("Gamebus-Game", game).attribute("Gamebus-Version", version).attribute("Gamebus-Class", className);
    return jar;
  }

  /** A jar whose manifest names the class it is given. */
  public static TestJar game(String game, String version, Class<?> gameClass) {
    return game(game, version, gameClass.getName()).withClasses(gameClass);
  }

  public TestJar attribute(String name, String value) {
    if (value != null) {
      manifest.getMainAttributes().putValue(name, value);
    }
    return this;
  }

  public TestJar withoutManifest() {
    withManifest = false;
    return this;
  }

  /** Adds the class files of these classes, read from the test class path. */
  public TestJar withClasses(Class<?>... classes) {
    for (Class<?> type : classes) {
      String entry = type.getName().replace('.', '/') + ".class";
      entries.put(entry, classBytes(entry));
    }
    return this;
  }

  public TestJar with(String entry, byte[] content) {
    entries.put(entry, content);
    return this;
  }

  public byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream jar = withManifest ? new JarOutputStream(out, manifest) : new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        jar.putNextEntry(withManifest ? new JarEntry(entry.getKey()) : new ZipEntry(entry.getKey()));
        jar.write(entry.getValue());
        jar.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public Path writeTo(Path file) {
    try {
      return Files.write(file, bytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] classBytes(String entry) {
    try (InputStream in = TestJar.class.getClassLoader().getResourceAsStream(entry)) {
      if (in == null) {
        throw new IllegalArgumentException(entry + " is not on the test class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
