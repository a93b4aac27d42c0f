package io.gamebus.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code gateway.tls} / {@code admin.tls}: the PEM certificate chain and private key an
 * endpoint serves TLS with. Both files must be readable at start; they are read again when they
 * change on disk.
 */
public record TlsConfig(String certFile, String keyFile) {

  /** The TLS settings of a section, or null when it has no {@code tls}. */
  static TlsConfig from(ConfigReader section) {
    if (!section.has("tls")) {
      return null;
    }
    ConfigReader in = section.section("tls");
    return new TlsConfig(readable(in, "certFile"), readable(in, "keyFile"));
  }

  private static String readable(ConfigReader in, String key) {
    String file = in.string(key, null);
    if (file == null) {
      throw new ConfigException(in.name(key) + " is missing: give the PEM file's path");
    }
    if (!Files.isReadable(Path.of(file))) {
      throw new ConfigException(in.name(key) + " file " + file + " cannot be read; give a readable PEM file");
    }
    return file;
  }
}
