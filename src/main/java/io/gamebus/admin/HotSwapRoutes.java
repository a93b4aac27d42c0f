package io.gamebus.admin;

import io.gamebus.hotswap.ClusterRollout;
import io.gamebus.hotswap.InvalidGameJarException;
import io.gamebus.hotswap.RolloutRefused;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /admin/games} (deploy a version from a jar on every node with the games role;
 * the older versions are retired) and {@code DELETE /admin/games/{name}/versions/{version}}:
 * the HTTP side of a {@link ClusterRollout}.
 */
final class HotSwapRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(HotSwapRoutes.class);

  static final long MAX_JAR_BYTES = 256L * 1024 * 1024;

  private final ClusterRollout rollout;

  HotSwapRoutes(Vertx vertx, ClusterView view) {
    this.rollout = new ClusterRollout(vertx, view::nodes);
  }

  void mount(Router routes) {
    routes.post("/admin/games").handler(this::deploy);
    routes.delete("/admin/games/:name/versions/:version").handler(this::retire);
  }

  /**
   * Reads the jar as raw bytes whatever the content type ({@code curl --data-binary} says
   * form-urlencoded), refusing bodies over {@link #MAX_JAR_BYTES}.
   */
  private void deploy(RoutingContext ctx) {
    String length = ctx.request().getHeader("Content-Length");
    if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > MAX_JAR_BYTES) {
      refuse(ctx, 413, "game jar over " + MAX_JAR_BYTES + " bytes");
      return;
    }
    ctx.request().body().onSuccess(jar -> deploy(ctx, jar)).onFailure(e -> AdminVerticle.fail(ctx, e));
  }

  private void deploy(RoutingContext ctx, Buffer jar) {
    if (jar == null || jar.length() == 0) {
      refuse(ctx, 400, "send the game jar as the request body (curl --data-binary @game.jar)");
      return;
    }
    int instances;
    int drainSeconds;
    String mode = ctx.queryParams().get("mode");
    try {
      instances = intParam(ctx, "instances", 0, 1);
      drainSeconds = intParam(ctx, "drainSeconds", 300, 0);
    } catch (IllegalArgumentException e) {
      refuse(ctx, 400, e.getMessage());
      return;
    }
    if (mode != null && !mode.equals("migrate") && !mode.equals("drain")) {
      refuse(ctx, 400, "mode must be 'migrate' or 'drain' (got '" + mode + "')");
      return;
    }
    rollout.upload(jar.getBytes(), instances, mode, drainSeconds).onSuccess(uploaded -> {
      JsonArray started = new JsonArray();
      uploaded.instances().forEach(i -> started.add(i.toAdminJson()));
      AdminVerticle.json(ctx, 200, new JsonObject().put("game", uploaded.game()).put("version", uploaded.version())
          .put("instances", started));
    }).onFailure(e -> {
      if (e instanceof InvalidGameJarException || e instanceof RolloutRefused) {
        refuse(ctx, status(e), e.getMessage());
      } else {
        AdminVerticle.fail(ctx, e);
      }
    });
  }

  private void retire(RoutingContext ctx) {
    String game = ctx.pathParam("name");
    String version = ctx.pathParam("version");
    rollout.retire(game, version).onSuccess(v -> AdminVerticle.json(ctx, 200,
            new JsonObject().put("game", game).put("version", version).put("retired", true)))
        .onFailure(e -> {
          if (e instanceof RolloutRefused) {
            AdminVerticle.json(ctx, status(e), error(e.getMessage()));
          } else {
            AdminVerticle.fail(ctx, e);
          }
        });
  }

  /** The contract's status for each refusal. */
  private static int status(Throwable refusal) {
    if (!(refusal instanceof RolloutRefused refused)) {
      return 400; // an invalid jar
    }
    return switch (refused.reason()) {
      case UNREADABLE -> 500;
      case ALREADY_RUNNING -> 400;
      case NO_GAMES_NODE -> 503;
      case NOT_RUNNING -> 404;
      case ONLY_ACTIVE_VERSION -> 409;
    };
  }

  private static int intParam(RoutingContext ctx, String name, int fallback, int min) {
    String value = ctx.queryParams().get(name);
    if (value == null) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min) {
        return parsed;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException(name + " must be an integer of at least " + min + " (got '" + value + "')");
  }

  /** Every refused upload is one log line with its reason, as the uploader sees it. */
  private static void refuse(RoutingContext ctx, int status, String reason) {
    LOG.warn("refused upload ({}): {}", status, reason);
    AdminVerticle.json(ctx, status, error(reason));
  }

  private static JsonObject error(String message) {
    return new JsonObject().put("error", message);
  }
}
