package io.gamebus.admin;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The operator dashboard: static files from {@code dashboard/} on the class path, served at
 * {@code /} of the admin port without the token. The page itself asks for the token and sends
 * it with every {@code /admin} call it makes, so serving it unauthenticated gives nothing away.
 */
final class Dashboard {
  /** Only the page's own files and calls: the token it holds must not reach another origin. */
  private static final String POLICY = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
      + "base-uri 'none'; form-action 'none'";

  private Dashboard() {}

  /** Mounts the page last, so {@code /health}, {@code /ready}, {@code /metrics} and {@code /admin} win. */
  static void mount(Router routes) {
    StaticHandler files = StaticHandler.create("dashboard").setCachingEnabled(false).setDirectoryListing(false);
    routes.get("/*").handler(ctx -> {
      ctx.response().putHeader("Content-Security-Policy", POLICY)
          .putHeader("X-Content-Type-Options", "nosniff")
          .putHeader("Referrer-Policy", "no-referrer");
      ctx.next();
    }).handler(files);
  }
}
