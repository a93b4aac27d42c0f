package io.gamebus.admin;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Lets a request through only with {@code Authorization: Bearer <admin.token>}; else 401. */
final class BearerToken implements Handler<RoutingContext> {
  private final byte[] expected;

  BearerToken(String token) {
    this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    // Constant-time comparison: the token must not leak through response timing.
    if (header != null && MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8))) {
      ctx.next();
      return;
    }
    ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer realm=\"gamebus\"")
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", "missing or wrong admin token: send 'Authorization: Bearer <admin.token>'").encode());
  }
}
