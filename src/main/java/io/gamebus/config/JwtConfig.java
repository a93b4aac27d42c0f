package io.gamebus.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code auth.jwt}: the keys that check players' tokens and the claims they must carry. Key
 * files are read and every key parsed here, at start, so a bad one stops the node naming it.
 *
 * @param publicKeys    PEM public keys (inline and from files), canonical PEM text
 * @param secret        the HMAC secret, or null
 * @param jwks          the JWKS file's signing keys, each with its {@code alg} set
 * @param algorithms    the accepted algorithms: those listed (default: all) that a key can check
 * @param leewaySeconds clock skew allowed on {@code exp} and {@code nbf}
 */
public record JwtConfig(List<PemKey> publicKeys, String secret, List<JsonObject> jwks, List<String> algorithms,
                        String issuer, String audience, int leewaySeconds) {

  /** Every algorithm gamebus can verify; {@code none} is never one. */
  public static final List<String> KNOWN = List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
      "ES256", "ES384", "ES512", "HS256", "HS384", "HS512");
  static final List<String> HMAC = List.of("HS256", "HS384", "HS512");

  /** A PEM public key and the algorithms its type (RSA, or the curve of an EC key) can check. */
  public record PemKey(String source, String pem, List<String> algorithms) {}

  static JwtConfig from(ConfigReader in, String secretFromEnvironment) {
    List<PemKey> keys = new ArrayList<>();
    List<String> inline = in.strings("publicKeys", List.of());
    for (int i = 0; i < inline.size(); i++) {
      String source = in.name("publicKeys") + "[" + i + "]";
      keys.add(PublicKeys.parsePem(source, inline.get(i)));
    }
    for (String file : in.strings("publicKeyFiles", List.of())) {
      String source = in.name("publicKeyFiles") + " file " + file;
      keys.add(PublicKeys.parsePem(source, read(source, file)));
    }
    // Read even when the environment overrides it, so that the key counts as known.
    String configuredSecret = in.string("secret", null);
    String secret = secretFromEnvironment != null && !secretFromEnvironment.isEmpty()
        ? secretFromEnvironment : configuredSecret;
    String jwksFile = in.string("jwksFile", null);
    List<JsonObject> jwks = jwksFile == null ? List.of()
        : jwks(in.name("jwksFile") + " file " + jwksFile, read(in.name("jwksFile") + " file " + jwksFile, jwksFile));

    Set<String> checkable = new LinkedHashSet<>();
    keys.forEach(k -> checkable.addAll(k.algorithms()));
    if (secret != null) {
      checkable.addAll(HMAC);
    }
    jwks.forEach(k -> checkable.add(k.getString("alg")));
    List<String> listed = in.strings("algorithms", KNOWN);
    for (String alg : listed) {
      if (!KNOWN.contains(alg)) {
        throw in.fail("algorithms", "a list of " + KNOWN + " (\"none\" is never accepted)", alg);
      }
    }
    List<String> accepted = listed.stream().filter(checkable::contains).toList();
    if (accepted.isEmpty()) {
      throw new ConfigException("auth.jwt has no usable signature key"
          + (checkable.isEmpty() ? "" : " for the algorithms " + listed + " (the keys check " + checkable + ")")
          + ": give publicKeys, publicKeyFiles, secret (or " + AuthConfig.SECRET_VARIABLE + ") or jwksFile");
    }
    return new JwtConfig(List.copyOf(keys), secret, jwks, accepted, in.string("issuer", null),
        in.string("audience", null), in.integer("leewaySeconds", 5, 0, 86400));
  }

  private static String read(String source, String file) {
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(source + " cannot be read (" + e + "); give a readable file");
    }
  }

  private static List<JsonObject> jwks(String source, String text) {
    JsonArray keys;
    try {
      keys = new JsonObject(text).getJsonArray("keys");
    } catch (DecodeException | ClassCastException e) {
      throw new ConfigException(source + " is not a JWKS document ({\"keys\":[...]}): " + e.getMessage());
    }
    if (keys == null) {
      throw new ConfigException(source + " has no \"keys\" array");
    }
    List<JsonObject> signing = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      if (!(keys.getValue(i) instanceof JsonObject jwk)) {
        throw new ConfigException(source + ": keys[" + i + "] is not a JSON object");
      }
      if (jwk.getString("use") == null || "sig".equals(jwk.getString("use"))) {
        signing.add(PublicKeys.checkJwk(source + " keys[" + i + "]", jwk.copy()));
      }
    }
    return List.copyOf(signing);
  }
}
