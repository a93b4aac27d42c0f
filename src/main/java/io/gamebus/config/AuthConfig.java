package io.gamebus.config;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * {@code auth}: players' identities (CONTRACT §7). Without an {@code auth} section, tokens are
 * ignored and every session is anonymous ({@link #OFF}).
 *
 * @param required        whether {@code hello} must carry a token (default true)
 * @param sessionsPerUser {@code replace}, {@code reject} or {@code allow}
 * @param onExpiry        {@code ignore} or {@code close}
 * @param devTokens       DEVELOPMENT ONLY: the gateway's HTTP port hands out tokens for any user
 *                        ({@code GET /dev/token?user=NAME}), signed with the HMAC secret
 */
public record AuthConfig(boolean enabled, boolean required, JwtConfig jwt, String sessionsPerUser, String onExpiry,
                         boolean devTokens) {
  public static final String SECRET_VARIABLE = "GAMEBUS_JWT_SECRET";
  public static final String REPLACE = "replace";
  public static final String REJECT = "reject";
  public static final String ALLOW = "allow";
  public static final String CLOSE = "close";
  public static final AuthConfig OFF = new AuthConfig(false, false, null, ALLOW, "ignore", false);

  static AuthConfig from(JsonObject root, String secretFromEnvironment) {
    if (!root.containsKey("auth")) {
      return OFF;
    }
    ConfigReader in = ConfigReader.section(root, "auth");
    JwtConfig jwt = JwtConfig.from(in.section("jwt"), secretFromEnvironment);
    boolean devTokens = in.bool("devTokens", false);
    if (devTokens && jwt.secret() == null) {
      throw in.fail("devTokens", "false unless auth.jwt.secret (or " + SECRET_VARIABLE + ") is set: it signs them", true);
    }
    return new AuthConfig(true, in.bool("required", true), jwt,
        in.choice("sessionsPerUser", List.of(REPLACE, REJECT, ALLOW)),
        in.choice("onExpiry", List.of("ignore", CLOSE)), devTokens);
  }

  /** Whether a user may have one session only, cluster-wide. */
  public boolean oneSessionPerUser() {
    return enabled && !ALLOW.equals(sessionsPerUser);
  }

  public boolean closeOnExpiry() {
    return enabled && CLOSE.equals(onExpiry);
  }
}
