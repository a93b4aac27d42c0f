package io.gamebus.gateway;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/** What the gateway's HTTP port serves besides {@code /ws}: the browser client, from the jar. */
public final class WebClient {
  private WebClient() {}

  public static Handler<HttpServerRequest> create(Vertx vertx) {
    Router router = Router.router(vertx);
    router.route().handler(StaticHandler.create("webroot").setCachingEnabled(false));
    return router;
  }
}
