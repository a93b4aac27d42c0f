package io.gamebus.hotswap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A game jar as {@code gamebus dev} deploys it: the same jar under a version of its own for each
 * rebuild ({@code 1.0.0-dev.3}), so that no save needs a version bump and the same version is
 * never uploaded twice.
 */
public final class DevJar {
  private DevJar() {}

  /**
   * The game and version a jar's manifest names.
   *
   * @throws InvalidGameJarException if it is not a jar or its manifest does not name a game
   */
  public static GameJar.Checked manifestOf(Path jar) {
    GameManifest manifest = GameManifest.read(jar, jar.toString());
    return new GameJar.Checked(manifest.game(), manifest.version());
  }

  /** The jar's bytes with {@code Gamebus-Version} set to {@code version}; every other entry as it is. */
  public static byte[] withVersion(Path jar, String version) {
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
         ZipOutputStream out = new ZipOutputStream(copy)) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        out.putNextEntry(new ZipEntry(entry.getName()));
        if (entry.getName().equals(JarFile.MANIFEST_NAME)) {
          Manifest manifest = new Manifest(in);
          manifest.getMainAttributes().putValue(GameManifest.VERSION, version);
          manifest.write(out);
        } else {
          in.transferTo(out);
        }
        out.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + jar, e);
    }
    return copy.toByteArray();
  }
}
