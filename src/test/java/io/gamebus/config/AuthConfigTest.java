package io.gamebus.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gamebus.testing.TestTokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The auth and tls configuration")
class AuthConfigTest {
  static final TestTokens TOKENS = TestTokens.get();

  @TempDir
  Path dir;

  private static GamebusConfig config(JsonObject auth, String secret) {
    return GamebusConfig.from(new JsonObject().put("auth", auth), null, secret);
  }

  private static JsonObject jwt(JsonObject jwt) {
    return new JsonObject().put("jwt", jwt);
  }

  @Test
  @DisplayName("is off without an auth section")
  void offByDefault() {
    assertThat(GamebusConfig.from(new JsonObject(), null, null).auth().enabled()).isFalse();
  }

  @Test
  @DisplayName("accepts by default every algorithm a key can check, required, replace and ignore")
  void defaults() {
    AuthConfig auth = config(TOKENS.auth(), null).auth();
    assertThat(auth.enabled()).isTrue();
    assertThat(auth.required()).isTrue();
    assertThat(auth.sessionsPerUser()).isEqualTo("replace");
    assertThat(auth.onExpiry()).isEqualTo("ignore");
    assertThat(auth.jwt().algorithms()).containsExactly("RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
        "ES256", "HS256", "HS384", "HS512");
    assertThat(auth.jwt().leewaySeconds()).isEqualTo(5);
  }

  @Test
  @DisplayName("reads public keys from files and a JWKS file, and keeps only the listed algorithms")
  void filesAndAlgorithms() throws Exception {
    Path pem = Files.writeString(dir.resolve("idp.pem"), TOKENS.ecPublicPem);
    Path jwks = Files.writeString(dir.resolve("jwks.json"), new JsonObject().put("keys", new JsonArray()
        .add(new JsonObject().put("kty", "oct").put("k", "c2VjcmV0").put("kid", "k1"))).encode());
    JwtConfig jwt = config(jwt(new JsonObject().put("publicKeyFiles", new JsonArray().add(pem.toString()))
        .put("jwksFile", jwks.toString()).put("algorithms", new JsonArray().add("ES256").add("RS256"))), null).auth().jwt();
    assertThat(jwt.algorithms()).containsExactly("ES256");
    assertThat(jwt.jwks()).hasSize(1);
    assertThat(jwt.jwks().get(0).getString("alg")).isEqualTo("HS256");
  }

  @Test
  @DisplayName("GAMEBUS_JWT_SECRET overrides auth.jwt.secret")
  void secretFromEnvironment() {
    assertThat(config(jwt(new JsonObject().put("secret", "in-file")), "from-env").auth().jwt().secret())
        .isEqualTo("from-env");
    assertThat(config(jwt(new JsonObject()), "from-env").auth().jwt().algorithms()).containsExactly("HS256", "HS384", "HS512");
  }

  @Test
  @DisplayName("refuses, naming what to fix: no usable key, an unreadable key file, a key that is not a public key, alg none, an unknown policy")
  void refusals() {
    assertThatThrownBy(() -> config(new JsonObject(), null))
        .isInstanceOf(ConfigException.class).hasMessageContaining("auth.jwt has no usable signature key");
    assertThatThrownBy(() -> config(jwt(new JsonObject().put("secret", "s").put("algorithms", new JsonArray().add("RS256"))), null))
        .hasMessageContaining("no usable signature key for the algorithms [RS256]");
    Path missing = dir.resolve("nowhere.pem");
    assertThatThrownBy(() -> config(jwt(new JsonObject().put("publicKeyFiles", new JsonArray().add(missing.toString()))), null))
        .hasMessageContaining("auth.jwt.publicKeyFiles file " + missing + " cannot be read");
    assertThatThrownBy(() -> config(jwt(new JsonObject().put("publicKeys", new JsonArray().add("hello"))), null))
        .hasMessageContaining("auth.jwt.publicKeys[0] is not a PEM public key");
    assertThatThrownBy(() -> config(jwt(new JsonObject().put("secret", "s").put("algorithms", new JsonArray().add("none"))), null))
        .hasMessageContaining("auth.jwt.algorithms must be");
    assertThatThrownBy(() -> config(jwt(new JsonObject().put("secret", "s")).put("sessionsPerUser", "many"), null))
        .hasMessageContaining("auth.sessionsPerUser must be one of [replace, reject, allow]");
    assertThatThrownBy(() -> config(jwt(new JsonObject().put("jwksFile", missing.toString())), null))
        .hasMessageContaining("auth.jwt.jwksFile file " + missing + " cannot be read");
  }

  @Test
  @DisplayName("gateway.tls and admin.tls need readable certFile and keyFile")
  void tls() throws Exception {
    Path cert = Files.writeString(dir.resolve("cert.pem"), "x");
    JsonObject tls = new JsonObject().put("certFile", cert.toString()).put("keyFile", cert.toString());
    GamebusConfig config = GamebusConfig.from(new JsonObject().put("gateway", new JsonObject().put("tls", tls))
        .put("admin", new JsonObject().put("tls", tls)), null, null);
    assertThat(config.gateway().tls()).isEqualTo(new TlsConfig(cert.toString(), cert.toString()));
    assertThat(config.admin().tls()).isEqualTo(config.gateway().tls());
    assertThatThrownBy(() -> GamebusConfig.from(new JsonObject().put("admin", new JsonObject()
        .put("tls", new JsonObject().put("certFile", cert.toString()).put("keyFile", dir.resolve("no.pem").toString()))), null, null))
        .hasMessageContaining("admin.tls.keyFile file " + dir.resolve("no.pem") + " cannot be read");
  }
}
