package io.gamebus.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed certificates made at test time with the JDK's keytool (no test dependency), written
 * as the PEM certificate and key files gamebus serves.
 */
public final class TestCertificates {
  private TestCertificates() {}

  /**
   * Writes a new self-signed certificate for localhost with this common name to {@code cert}
   * and its key to {@code key}, each replaced in one move so a reader never sees half a file.
   */
  public static void write(Path cert, Path key, String commonName) {
    try {
      Path dir = Files.createTempDirectory("gamebus-tls");
      Path store = dir.resolve("store.p12");
      char[] password = "changeit".toCharArray();
      Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
          "-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
          "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
          "-dname", "CN=" + commonName, "-ext", "SAN=dns:localhost,ip:127.0.0.1")
          .redirectErrorStream(true).start();
      String output = new String(keytool.getInputStream().readAllBytes());
      if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
        throw new IllegalStateException("keytool failed: " + output);
      }
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        keys.load(in, password);
      }
      PrivateKey privateKey = (PrivateKey) keys.getKey("server", password);
      Certificate certificate = keys.getCertificate("server");
      replace(key, TestTokens.pem("PRIVATE KEY", privateKey.getEncoded()));
      replace(cert, TestTokens.pem("CERTIFICATE", certificate.getEncoded()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void replace(Path file, String content) throws IOException {
    Path next = Files.writeString(file.resolveSibling(file.getFileName() + ".next"), content);
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The common name of the first certificate of a chain, e.g. what a server presented. */
  public static String commonName(List<? extends Certificate> chain) {
    String subject = ((X509Certificate) chain.get(0)).getSubjectX500Principal().getName();
    return subject.replaceFirst("^CN=", "").replaceFirst(",.*$", "");
  }
}
