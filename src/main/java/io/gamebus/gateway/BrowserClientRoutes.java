package io.gamebus.gateway;

import io.gamebus.auth.DevTokenIssuer;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * What the gateway's HTTP port serves besides {@code /ws}: the browser client, from the jar,
 * and, in development only, {@code /dev/token} ({@link DevTokenIssuer}).
 */
public final class BrowserClientRoutes {
  private BrowserClientRoutes() {}

  /** @param devTokens the development token issuer, or null (the default: no such route) */
  public static Handler<HttpServerRequest> create(Vertx vertx, DevTokenIssuer devTokens) {
    Router router = Router.router(vertx);
    if (devTokens != null) {
      router.get("/dev/token").handler(devTokens::handle);
    }
    router.route().handler(StaticHandler.create("webroot").setCachingEnabled(false));
    return router;
  }
}
