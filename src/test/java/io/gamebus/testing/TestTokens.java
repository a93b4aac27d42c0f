package io.gamebus.testing;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An identity provider for tests: RSA and EC key pairs and an HMAC secret made at test time, the
 * {@code auth} configuration that trusts them, and tokens signed (or forged) with them.
 */
public final class TestTokens {
  public static final String ISSUER = "https://idp.test";
  public static final String AUDIENCE = "gamebus";
  public static final String SECRET = "test-secret-of-at-least-thirty-two-bytes!";

  private static TestTokens instance;

  public final String rsaPublicPem;
  public final String ecPublicPem;
  private final java.security.interfaces.RSAPublicKey rsaPublic;
  private final JWTAuth signer;

  private TestTokens() {
    KeyPair rsa = pair("RSA", null);
    KeyPair ec = pair("EC", "secp256r1");
    rsaPublicPem = pem("PUBLIC KEY", rsa.getPublic().getEncoded());
    rsaPublic = (java.security.interfaces.RSAPublicKey) rsa.getPublic();
    ecPublicPem = pem("PUBLIC KEY", ec.getPublic().getEncoded());
    signer = JWTAuth.create(Vertx.vertx(), new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256").setBuffer(pem("PRIVATE KEY", rsa.getPrivate().getEncoded())))
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("ES256").setBuffer(pem("PRIVATE KEY", ec.getPrivate().getEncoded())))
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(SECRET)));
  }

  /** One set of keys per test JVM (RSA key generation takes a while). */
  public static synchronized TestTokens get() {
    if (instance == null) {
      instance = new TestTokens();
    }
    return instance;
  }

  /** The {@code auth} section trusting these keys, issuer {@link #ISSUER}, audience {@link #AUDIENCE}. */
  public JsonObject auth() {
    return new JsonObject().put("jwt", new JsonObject()
        .put("publicKeys", new JsonArray().add(rsaPublicPem).add(ecPublicPem)).put("secret", SECRET)
        .put("issuer", ISSUER).put("audience", AUDIENCE));
  }

  /** The RSA public key as a JWK (for a JWKS file). */
  public JsonObject rsaJwk(String kid) {
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    return new JsonObject().put("kty", "RSA").put("kid", kid).put("use", "sig")
        .put("n", url.encodeToString(unsigned(rsaPublic.getModulus())))
        .put("e", url.encodeToString(unsigned(rsaPublic.getPublicExponent())));
  }

  private static byte[] unsigned(java.math.BigInteger value) {
    byte[] bytes = value.toByteArray();
    return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
  }

  /** The claims of a valid token of {@code user}, for an hour. */
  public static JsonObject claims(String user) {
    long now = Instant.now().getEpochSecond();
    return new JsonObject().put("sub", user).put("iss", ISSUER).put("aud", AUDIENCE).put("iat", now)
        .put("exp", now + 3600);
  }

  /** A valid RS256 token of {@code user}. */
  public String token(String user) {
    return sign("RS256", claims(user));
  }

  /** These claims signed with {@code alg} (RS256, ES256 or HS256). */
  public String sign(String alg, JsonObject claims) {
    return signer.generateToken(claims.copy(), new JWTOptions().setAlgorithm(alg).setNoTimestamp(true));
  }

  /** An {@code alg: none} token: no signature at all. */
  public static String unsigned(JsonObject claims) {
    return segment(new JsonObject().put("alg", "none").put("typ", "JWT")) + "." + segment(claims) + ".";
  }

  /** An HS256 token whose HMAC key is {@code key}: with the RSA public key's PEM, the algorithm-confusion attack. */
  public static String hs256(JsonObject claims, byte[] key) {
    String input = segment(new JsonObject().put("alg", "HS256").put("typ", "JWT")) + "." + segment(claims);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
          mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String segment(JsonObject json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  public static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static KeyPair pair(String type, String curve) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(type);
      if (curve != null) {
        generator.initialize(new ECGenParameterSpec(curve));
      } else {
        generator.initialize(2048);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
