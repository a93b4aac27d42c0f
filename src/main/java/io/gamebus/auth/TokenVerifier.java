package io.gamebus.auth;

import io.gamebus.bus.Identity;
import io.gamebus.config.AuthConfig;
import io.gamebus.config.JwtConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Verifies the token of a {@code hello}: a JWS compact JWT whose algorithm is accepted, whose
 * signature a configured key checks (vertx-auth-jwt; each key is bound to the algorithms of its
 * type, so an HS256 token "signed" with an RSA public key finds no key to match), and whose
 * {@code exp}, {@code nbf}, {@code iss} and {@code aud} are right. Each refusal says which check
 * failed. Thread-safe: one per node.
 *
 * <p>Where it runs: an RS256 or HS256 check costs tens of microseconds of CPU, less than
 * handing it to another thread and back would save, so it runs on the gateway's event loop. An
 * ES256 check costs 1-2 ms on JDK 17 (bench/README.md): that long on an event loop would
 * stall every other connection of that loop, so EC tokens are checked on the worker pool.
 */
public final class TokenVerifier {
  private final Vertx vertx;
  private final AuthConfig auth;
  private final JwtConfig jwt;
  private final JWTAuth signatures;

  public TokenVerifier(Vertx vertx, AuthConfig auth) {
    this.vertx = vertx;
    this.auth = auth;
    this.jwt = auth.jwt();
    JWTAuthOptions options = new JWTAuthOptions()
        // Claims are checked here, with a reason for each; the library checks the signature.
        .setJWTOptions(new JWTOptions().setIgnoreExpiration(true));
    for (JwtConfig.PemKey key : jwt.publicKeys()) {
      key.algorithms().stream().filter(jwt.algorithms()::contains)
          .forEach(alg -> options.addPubSecKey(new PubSecKeyOptions().setAlgorithm(alg).setBuffer(key.pem())));
    }
    if (jwt.secret() != null) {
      jwt.algorithms().stream().filter(alg -> alg.startsWith("HS"))
          .forEach(alg -> options.addPubSecKey(new PubSecKeyOptions().setAlgorithm(alg).setBuffer(jwt.secret())));
    }
    jwt.jwks().stream().filter(jwk -> jwt.algorithms().contains(jwk.getString("alg"))).forEach(options::addJwk);
    this.signatures = JWTAuth.create(vertx, options);
  }

  /**
   * The identity a {@code hello}'s token proves: null (anonymous) when no token was given and
   * none is required. Completes on the caller's context; fails with a
   * {@link TokenRefusedException} saying why, for {@code error unauthorized}.
   */
  public Future<Identity> verify(String token) {
    if (token != null && costly(token)) {
      return vertx.executeBlocking(() -> check(token), false);
    }
    try {
      return Future.succeededFuture(check(token));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** Whether the token claims an EC algorithm (expensive to check); false if that cannot be read. */
  private static boolean costly(String token) {
    int dot = token.indexOf('.');
    try {
      return dot > 0 && segment(token.substring(0, dot), "header").getValue("alg") instanceof String alg
          && alg.startsWith("ES");
    } catch (TokenRefusedException unreadable) {
      return false;
    }
  }

  /** {@link #verify}, here and now; throws {@link TokenRefusedException}. */
  Identity check(String token) {
    if (token == null) {
      if (auth.required()) {
        throw new TokenRefusedException("missing token: this server requires 'token' in hello (a signed JWT)");
      }
      return null;
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new TokenRefusedException("malformed token: expected a JWS compact JWT (header.payload.signature)");
    }
    JsonObject header = segment(parts[0], "header");
    JsonObject claims = segment(parts[1], "payload");
    Object alg = header.getValue("alg");
    if ("none".equals(alg) || parts[2].isEmpty()) {
      throw new TokenRefusedException("unsigned token (alg none) refused: tokens must be signed");
    }
    if (!(alg instanceof String name) || !jwt.algorithms().contains(name)) {
      throw new TokenRefusedException("token algorithm " + alg + " is not accepted (accepted: " + jwt.algorithms() + ")");
    }
    // Types first: the library reads these as numbers and would throw on anything else.
    Long exp = time(claims, "exp");
    Long nbf = time(claims, "nbf");
    time(claims, "iat");
    checkSignature(token, name);
    checkClaims(claims, exp, nbf);
    return new Identity(claims.getString("sub"), claims);
  }

  private void checkSignature(String token, String alg) {
    Future<?> checked;
    try {
      checked = signatures.authenticate(new TokenCredentials(token));
    } catch (RuntimeException e) {
      throw new TokenRefusedException("malformed token: " + e.getMessage());
    }
    if (!checked.succeeded()) {
      throw new TokenRefusedException("bad token signature: no configured " + alg + " key verifies it");
    }
  }

  private void checkClaims(JsonObject claims, Long exp, Long nbf) {
    long now = Instant.now().getEpochSecond();
    long leeway = jwt.leewaySeconds();
    if (!(claims.getValue("sub") instanceof String sub) || sub.isEmpty()) {
      throw new TokenRefusedException("malformed token: no 'sub' claim naming the user");
    }
    if (exp != null && now > exp + leeway) {
      throw new TokenRefusedException("token expired at " + Instant.ofEpochSecond(exp));
    }
    if (nbf != null && now + leeway < nbf) {
      throw new TokenRefusedException("token not yet valid: not before " + Instant.ofEpochSecond(nbf));
    }
    if (jwt.issuer() != null && !jwt.issuer().equals(claims.getValue("iss"))) {
      throw new TokenRefusedException("token issuer " + claims.getValue("iss") + " is not the accepted issuer");
    }
    if (jwt.audience() != null && !audiences(claims).contains(jwt.audience())) {
      throw new TokenRefusedException("token audience " + claims.getValue("aud") + " does not include "
          + jwt.audience());
    }
  }

  private static Long time(JsonObject claims, String name) {
    Object value = claims.getValue(name);
    if (value == null) {
      return null;
    }
    if (value instanceof Number n) {
      return n.longValue();
    }
    throw new TokenRefusedException("malformed token: '" + name + "' must be a number of seconds");
  }

  private static List<?> audiences(JsonObject claims) {
    Object aud = claims.getValue("aud");
    if (aud instanceof JsonArray list) {
      return list.getList();
    }
    return aud == null ? List.of() : List.of(aud);
  }

  private static JsonObject segment(String part, String what) {
    try {
      return new JsonObject(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      throw new TokenRefusedException("malformed token: its " + what + " is not base64url-encoded JSON");
    }
  }
}
