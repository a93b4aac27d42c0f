package io.gamebus.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gamebus.config.GamebusConfig;
import io.gamebus.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The checks of a token, without sockets: keys from a JWKS file, leeway, audiences. */
@ExtendWith(VertxExtension.class)
@DisplayName("Token verification")
class TokenVerifierTest {
  static final TestTokens TOKENS = TestTokens.get();
  private Vertx vertx;

  @TempDir
  Path dir;

  @BeforeEach
  void given(Vertx vertx) {
    this.vertx = vertx;
  }

  private TokenVerifier verifier(JsonObject jwt) {
    return new TokenVerifier(vertx, GamebusConfig.from(new JsonObject().put("auth", new JsonObject().put("jwt", jwt)),
        null, null).auth());
  }

  @Test
  @DisplayName("checks RS256 tokens with a key from a JWKS file")
  void jwks() throws Exception {
    Path jwks = Files.writeString(dir.resolve("jwks.json"),
        new JsonObject().put("keys", new JsonArray().add(TOKENS.rsaJwk("k1"))).encode());
    TokenVerifier verifier = verifier(new JsonObject().put("jwksFile", jwks.toString()));
    assertThat(verifier.check(TOKENS.token("jo")).user()).isEqualTo("jo");
    assertThatThrownBy(() -> verifier.check(TOKENS.sign("ES256", TestTokens.claims("jo"))))
        .hasMessageContaining("ES256 is not accepted");
  }

  @Test
  @DisplayName("allows leewaySeconds of clock skew on exp and nbf and an aud list that contains the audience; refuses an exp that is no number and a token without sub")
  void leewayAndAudience() {
    long now = Instant.now().getEpochSecond();
    TokenVerifier verifier = verifier(new JsonObject().put("secret", TestTokens.SECRET).put("audience", "gamebus")
        .put("leewaySeconds", 30));
    JsonObject claims = TestTokens.claims("kim").put("aud", new JsonArray().add("other").add("gamebus"));
    assertThat(verifier.check(TOKENS.sign("HS256", claims.copy().put("exp", now - 10).put("nbf", now + 10))).claims()
        .getString("sub")).isEqualTo("kim");
    assertThatThrownBy(() -> verifier.check(TOKENS.sign("HS256", claims.copy().put("exp", now - 60))))
        .isInstanceOf(TokenRefusedException.class).hasMessageContaining("expired");
    assertThatThrownBy(() -> verifier.check(TOKENS.sign("HS256", claims.copy().put("exp", "soon"))))
        .hasMessageContaining("'exp' must be a number");
    JsonObject anonymous = claims.copy();
    anonymous.remove("sub");
    assertThatThrownBy(() -> verifier.check(TOKENS.sign("HS256", anonymous))).hasMessageContaining("no 'sub'");
  }
}
