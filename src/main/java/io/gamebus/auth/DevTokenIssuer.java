package io.gamebus.auth;

import io.gamebus.config.AuthConfig;
import io.gamebus.config.JwtConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FOR DEVELOPMENT ONLY ({@code auth.devTokens}, off by default): {@code GET /dev/token?user=NAME}
 * on the gateway's HTTP port hands anyone a valid HS256 token for any user, signed with
 * {@code auth.jwt.secret}, so the demo page can be played with authentication on. It proves
 * nothing about who asks: never turn it on where real players connect.
 */
public final class DevTokenIssuer {
  private static final Logger LOG = LoggerFactory.getLogger(DevTokenIssuer.class);
  private static final Pattern USER = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final int LIFETIME_SECONDS = 3600;

  private final JWTAuth signer;
  private final JwtConfig jwt;

  public DevTokenIssuer(Vertx vertx, AuthConfig auth) {
    this.jwt = auth.jwt();
    this.signer = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(jwt.secret())));
    LOG.warn("auth.devTokens is on: GET /dev/token gives anyone a token for any user. Development only.");
  }

  public void handle(RoutingContext ctx) {
    String user = ctx.queryParams().get("user");
    if (user == null || !USER.matcher(user).matches()) {
      ctx.response().setStatusCode(400).putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("error", "give ?user= (1 to 64 of A-Z a-z 0-9 . _ -)").encode());
      return;
    }
    JWTOptions options = new JWTOptions().setAlgorithm("HS256").setSubject(user).setExpiresInSeconds(LIFETIME_SECONDS);
    if (jwt.issuer() != null) {
      options.setIssuer(jwt.issuer());
    }
    if (jwt.audience() != null) {
      options.setAudience(List.of(jwt.audience()));
    }
    String token = signer.generateToken(new JsonObject().put("name", user), options);
    ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
        .end(new JsonObject().put("token", token).put("user", user).put("developmentOnly", true).encode());
  }
}
