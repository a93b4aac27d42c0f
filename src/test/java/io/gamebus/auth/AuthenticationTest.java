package io.gamebus.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.testing.TestClient;
import io.gamebus.testing.TestGames;
import io.gamebus.testing.TestNode;
import io.gamebus.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** CONTRACT §7: the token of {@code hello}, checked before a session is opened. */
@DisplayName("Authentication at hello")
class AuthenticationTest {
  static final TestTokens TOKENS = TestTokens.get();
  static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(TestGames.only(TestGames.SCRIPTED, TestGames.jarEntry(TestGames.scriptedJar(), 1, 100))
        .put("auth", TOKENS.auth().put("sessionsPerUser", "allow"))
        .put("gateway", new JsonObject().put("defaultGame", TestGames.SCRIPTED).put("maxFrameBytes", 4096)));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static JsonObject hello(String token, long id) {
    JsonObject hello = new JsonObject().put("type", "hello").put("id", id);
    return token == null ? hello : hello.put("token", token);
  }

  static Stream<Arguments> refusals() {
    long now = Instant.now().getEpochSecond();
    Function<JsonObject, String> rs256 = claims -> TOKENS.sign("RS256", claims);
    Stream<Arguments> cases = Stream.of(
        Arguments.of("missing", null, "missing"),
        Arguments.of("malformed", "not.a-jwt", "malformed"),
        Arguments.of("bad signature", TOKENS.token("alice").replaceFirst("\\.[^.]*$", ".AAAA"), "signature"),
        Arguments.of("expired", rs256.apply(TestTokens.claims("alice").put("exp", now - 60)), "expired"),
        Arguments.of("not yet valid", rs256.apply(TestTokens.claims("alice").put("nbf", now + 600)), "not yet valid"),
        Arguments.of("another issuer", rs256.apply(TestTokens.claims("alice").put("iss", "https://evil")), "issuer"),
        Arguments.of("another audience", rs256.apply(TestTokens.claims("alice").put("aud", "other")), "audience"),
        Arguments.of("algorithm not accepted", TOKENS.token("alice").replaceFirst("^[^.]*",
            java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"ES384\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))), "not accepted"),
        Arguments.of("alg none", TestTokens.unsigned(TestTokens.claims("alice")), "alg none"),
        Arguments.of("exp that is not a number", rs256.apply(TestTokens.claims("alice").put("exp", "soon")), "malformed"),
        Arguments.of("HS256 signed with the RSA public key (algorithm confusion)",
            TestTokens.hs256(TestTokens.claims("alice"), TOKENS.rsaPublicPem.getBytes(StandardCharsets.US_ASCII)),
            "signature"));
    return cases.flatMap(c -> Stream.of(TestClient.Kind.values())
        .map(kind -> Arguments.of(kind, c.get()[0], c.get()[1], c.get()[2])));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("refusals")
  @DisplayName("a token that is missing, malformed, forged, expired, not yet valid, for another issuer or audience, or of a refused algorithm gets unauthorized saying which; the connection stays open and a bystander is unaffected")
  void refused(TestClient.Kind kind, String what, String token, String reason) {
    try (TestClient bystander = node.connect(kind); TestClient client = node.connect(kind)) {
      bystander.send(hello(TOKENS.token("bob"), 1));
      assertThat(bystander.next("welcome").getString("user")).isEqualTo("bob");

      client.send(hello(token, 7));
      JsonObject error = client.next();
      assertThat(error.getString("type")).as(what).isEqualTo("error");
      assertThat(error.getString("code")).isEqualTo("unauthorized");
      assertThat(error.getLong("id")).isEqualTo(7);
      assertThat(error.getString("message")).contains(reason);

      // No session was opened, the connection is still open, and a good token works on it.
      assertThat(client.request(8, "whoami", new JsonObject()).getString("code")).isEqualTo("no_session");
      client.send(hello(TOKENS.token("carol"), 9));
      assertThat(client.next("welcome").getString("user")).isEqualTo("carol");
      assertThat(bystander.request(2, "whoami", new JsonObject()).getJsonObject("body").getString("user"))
          .isEqualTo("bob");
    }
  }

  @ParameterizedTest
  @EnumSource(TestClient.Kind.class)
  @DisplayName("a valid RS256, ES256 or HS256 token opens a session: welcome.user is its sub, the game sees userId() and claims()")
  void accepted(TestClient.Kind kind) {
    for (String alg : new String[] {"RS256", "ES256", "HS256"}) {
      try (TestClient client = node.connect(kind)) {
        JsonObject claims = TestTokens.claims("dave-" + alg).put("name", "Dave");
        client.send(hello(TOKENS.sign(alg, claims), 1));
        JsonObject welcome = client.next("welcome");
        assertThat(welcome.getString("user")).isEqualTo("dave-" + alg);
        JsonObject seen = client.request(2, "whoami", new JsonObject()).getJsonObject("body");
        assertThat(seen.getString("user")).isEqualTo("dave-" + alg);
        assertThat(seen.getString("player")).isEqualTo(welcome.getString("session"));
        assertThat(seen.getJsonObject("claims")).isEqualTo(claims);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestClient.Kind.class)
  @DisplayName("a hello whose token is over gateway.maxFrameBytes is too_large; a token that is not a string is bad_request")
  void envelopeFirst(TestClient.Kind kind) {
    try (TestClient client = node.connect(kind)) {
      client.send(new JsonObject().put("type", "hello").put("id", 1).put("token", 42));
      JsonObject error = client.next();
      assertThat(error.getString("code")).isEqualTo("bad_request");
      assertThat(error.getLong("id")).isEqualTo(1);
    }
    try (TestClient client = node.connect(kind)) {
      client.sendRaw(Buffer.buffer(hello("x".repeat(5000), 2).encode()));
      assertThat(client.untilClosed()).anySatisfy(m -> assertThat(m.getString("code")).isEqualTo("too_large"));
    }
  }

  @ParameterizedTest
  @EnumSource(TestClient.Kind.class)
  @DisplayName("resume needs a valid token of the session's own user: another user's gets bad_resume, a bad one unauthorized")
  void resumeBoundToOwner(TestClient.Kind kind) {
    JsonObject welcome;
    try (TestClient first = node.connect(kind)) {
      first.send(hello(TOKENS.token("erin"), 1));
      welcome = first.next("welcome");
    }
    try (TestClient thief = node.connect(kind)) {
      thief.send(hello(TOKENS.token("mallory"), 2).put("resume", welcome.getString("resume")));
      JsonObject error = thief.next();
      assertThat(error.getString("code")).isEqualTo("bad_resume");
      assertThat(error.getLong("id")).isEqualTo(2);
      thief.send(hello(null, 3).put("resume", welcome.getString("resume")));
      assertThat(thief.next().getString("code")).isEqualTo("unauthorized");
      thief.send(hello(TestTokens.unsigned(TestTokens.claims("erin")), 4).put("resume", welcome.getString("resume")));
      assertThat(thief.next().getString("code")).isEqualTo("unauthorized");
    }
    try (TestClient owner = node.connect(kind)) {
      owner.send(hello(TOKENS.token("erin"), 5).put("resume", welcome.getString("resume")));
      JsonObject resumed = owner.next("welcome");
      assertThat(resumed.getBoolean("resumed")).isTrue();
      assertThat(resumed.getString("session")).isEqualTo(welcome.getString("session"));
      assertThat(resumed.getString("user")).isEqualTo("erin");
      assertThat(owner.request(6, "whoami", new JsonObject()).getJsonObject("body").getString("user")).isEqualTo("erin");
    }
  }

  @Test
  @DisplayName("with auth.required false, a hello without token is anonymous (userId is the session id, no claims); a bad token is still refused")
  void optional() {
    try (TestNode open = TestNode.start(TestGames.only(TestGames.SCRIPTED, TestGames.jarEntry(TestGames.scriptedJar(), 1, 100))
        .put("auth", TOKENS.auth().put("required", false)));
         TestClient anonymous = open.tcp(); TestClient forger = open.tcp()) {
      anonymous.send(hello(null, 1));
      JsonObject welcome = anonymous.next("welcome");
      assertThat(welcome.containsKey("user")).isFalse();
      JsonObject seen = anonymous.request(2, "whoami", new JsonObject()).getJsonObject("body");
      assertThat(seen.getString("user")).isEqualTo(welcome.getString("session"));
      assertThat(seen.getJsonObject("claims")).isEqualTo(new JsonObject());

      forger.send(hello(TestTokens.unsigned(TestTokens.claims("zed")), 3));
      assertThat(forger.next().getString("code")).isEqualTo("unauthorized");
      // An anonymous session cannot be taken over by a user, nor a user's by nobody.
      forger.send(hello(TOKENS.token("zed"), 4).put("resume", welcome.getString("resume")));
      assertThat(forger.next().getString("code")).isEqualTo("bad_resume");
    }
  }

  @Test
  @DisplayName("a node that trusts only an RSA key refuses an HS256 token forged with that key as the secret")
  void algorithmConfusionWithoutSecret() {
    JsonObject auth = new JsonObject().put("jwt", new JsonObject()
        .put("publicKeys", new JsonArray().add(TOKENS.rsaPublicPem)));
    try (TestNode rsaOnly = TestNode.start(TestGames.only(TestGames.SCRIPTED, TestGames.jarEntry(TestGames.scriptedJar(), 1, 100))
        .put("auth", auth));
         TestClient client = rsaOnly.tcp()) {
      client.send(hello(TestTokens.hs256(TestTokens.claims("alice"), TOKENS.rsaPublicPem.getBytes(StandardCharsets.US_ASCII)), 1));
      JsonObject error = client.next();
      assertThat(error.getString("code")).isEqualTo("unauthorized");
      assertThat(error.getString("message")).contains("HS256").contains("not accepted");
      client.send(hello(TOKENS.token("alice"), 2));
      assertThat(client.next("welcome").getString("user")).isEqualTo("alice");
    }
  }

  @ParameterizedTest
  @EnumSource(TestClient.Kind.class)
  @DisplayName("with auth.onExpiry close, the connection gets closing token_expired at exp; the session resumes with a fresh token")
  void expiryCloses(TestClient.Kind kind) {
    try (TestNode closing = TestNode.start(TestGames.only(TestGames.SCRIPTED, TestGames.jarEntry(TestGames.scriptedJar(), 1, 100))
        .put("auth", TOKENS.auth().put("onExpiry", "close")))) {
      JsonObject welcome;
      try (TestClient client = closing.connect(kind)) {
        long exp = Instant.now().getEpochSecond() + 2;
        client.send(hello(TOKENS.sign("RS256", TestTokens.claims("ken").put("exp", exp)), 1));
        welcome = client.next("welcome");
        List<JsonObject> last = client.untilClosed();
        assertThat(last).last().isEqualTo(new JsonObject().put("type", "closing").put("reason", "token_expired"));
        assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(exp * 1000);
      }
      try (TestClient back = closing.connect(kind)) {
        back.send(hello(TOKENS.token("ken"), 2).put("resume", welcome.getString("resume")));
        JsonObject resumed = back.next("welcome");
        assertThat(resumed.getBoolean("resumed")).isTrue();
        assertThat(resumed.getString("session")).isEqualTo(welcome.getString("session"));
      }
    }
  }

  @Test
  @DisplayName("auth.devTokens (development only) serves /dev/token?user= with a token hello accepts; without it there is no such route")
  void devTokens() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    try (TestNode dev = TestNode.start(TestGames.only(TestGames.SCRIPTED, TestGames.jarEntry(TestGames.scriptedJar(), 1, 100))
        .put("auth", TOKENS.auth().put("devTokens", true)));
         TestClient client = dev.tcp()) {
      HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(
          "http://127.0.0.1:" + dev.node().httpPort() + "/dev/token?user=lee")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(200);
      client.send(hello(new JsonObject(answer.body()).getString("token"), 1));
      assertThat(client.next("welcome").getString("user")).isEqualTo("lee");
    }
    HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + node.node().httpPort() + "/dev/token?user=lee")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(none.statusCode()).isEqualTo(404);
  }
}
