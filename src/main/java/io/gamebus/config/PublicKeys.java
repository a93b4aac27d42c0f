package io.gamebus.config;

import io.vertx.core.json.JsonObject;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/** Parses token-verification keys at start, and tells which algorithms each can check. */
final class PublicKeys {
  private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
  private static final String END = "-----END PUBLIC KEY-----";

  private PublicKeys() {}

  /** A PEM {@code PUBLIC KEY} (RSA or EC), returned in canonical form with its algorithms. */
  static JwtConfig.PemKey parsePem(String source, String text) {
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new ConfigException(source + " is not a PEM public key: expected " + BEGIN + " ... " + END
          + " (an RSA or EC SubjectPublicKeyInfo; convert other forms with 'openssl pkey -pubin -in KEY -out PEM')");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(text.substring(begin + BEGIN.length(), end).replace("\\n", ""));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(source + " is not valid PEM (bad base64): " + e.getMessage());
    }
    PublicKey key = decode(source, der);
    String pem = BEGIN + "\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n" + END + "\n";
    return new JwtConfig.PemKey(source, pem, algorithmsOf(source, key));
  }

  private static PublicKey decode(String source, byte[] der) {
    for (String type : List.of("RSA", "EC")) {
      try {
        return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException notThisType) {
        // try the next
      }
    }
    throw new ConfigException(source + " is neither an RSA nor an EC public key");
  }

  private static List<String> algorithmsOf(String source, PublicKey key) {
    if (key instanceof RSAPublicKey) {
      return List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512");
    }
    int bits = ((ECPublicKey) key).getParams().getCurve().getField().getFieldSize();
    return switch (bits) {
      case 256 -> List.of("ES256");
      case 384 -> List.of("ES384");
      case 521 -> List.of("ES512");
      default -> throw new ConfigException(source + " is an EC key on a curve JWT does not use (" + bits
          + " bits); use P-256, P-384 or P-521");
    };
  }

  /** A JWK of the JWKS file, with its {@code alg} set (its own, or the one its type implies). */
  static JsonObject checkJwk(String source, JsonObject jwk) {
    String kty = String.valueOf(jwk.getValue("kty"));
    String implied = switch (kty) {
      case "RSA" -> need(source, jwk, "RS256", "n", "e");
      case "EC" -> need(source, jwk, switch (String.valueOf(jwk.getValue("crv"))) {
        case "P-256" -> "ES256";
        case "P-384" -> "ES384";
        case "P-521" -> "ES512";
        default -> throw new ConfigException(source + ": unsupported EC curve " + jwk.getValue("crv"));
      }, "x", "y");
      case "oct" -> need(source, jwk, "HS256", "k");
      default -> throw new ConfigException(source + ": unsupported key type (kty) " + kty + "; use RSA, EC or oct");
    };
    String alg = jwk.getString("alg", implied);
    if (!JwtConfig.KNOWN.contains(alg)) {
      throw new ConfigException(source + ": unsupported alg " + alg + "; supported: " + JwtConfig.KNOWN);
    }
    return jwk.put("alg", alg);
  }

  private static String need(String source, JsonObject jwk, String alg, String... fields) {
    for (String field : fields) {
      if (!(jwk.getValue(field) instanceof String s) || s.isEmpty()) {
        throw new ConfigException(source + " lacks its \"" + field + "\" member");
      }
    }
    return alg;
  }
}
