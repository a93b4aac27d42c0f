package io.gamebus.admin;

import io.gamebus.bus.Addresses;
import io.gamebus.bus.InstanceInfo;
import io.gamebus.bus.SupervisorBound;
import io.gamebus.hotswap.GameJar;
import io.gamebus.hotswap.InvalidGameJarException;
import io.gamebus.hotswap.VersionRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /admin/games} (deploy a version from a jar on every node with the games role;
 * the older versions are retired) and {@code DELETE /admin/games/{name}/versions/{version}}.
 */
final class HotSwapRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(HotSwapRoutes.class);
  /** Starting instances and moving players can take a while on a loaded node. */
  private static final DeliveryOptions ROLLOUT = new DeliveryOptions().setSendTimeout(120_000);

  static final long MAX_JAR_BYTES = 256L * 1024 * 1024;

  private final Vertx vertx;
  private final ClusterView view;
  private final VersionRegistry versions;
  private long lastDeployOrder;

  HotSwapRoutes(Vertx vertx, ClusterView view) {
    this.vertx = vertx;
    this.view = view;
    this.versions = new VersionRegistry(vertx);
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
    byte[] bytes = jar.getBytes();
    vertx.executeBlocking(() -> validate(bytes)).onComplete(checked -> {
      if (checked.failed()) {
        Throwable e = checked.cause();
        refuse(ctx, e instanceof InvalidGameJarException ? 400 : 500, e.getMessage());
        return;
      }
      GameJar.Checked id = checked.result();
      rollOut(ctx, id.game(), id.version(), new SupervisorBound.Deploy(bytes, instances, mode, drainSeconds, nextDeployOrder()));
    });
  }

  /** The jar's game and version, once it has proven to be a loadable game (then unloaded again). */
  private static GameJar.Checked validate(byte[] bytes) throws Exception {
    Path scratch = Files.createTempDirectory("gamebus-upload");
    try {
      return GameJar.check(bytes, scratch);
    } finally {
      Files.deleteIfExists(scratch);
    }
  }

  private void rollOut(RoutingContext ctx, String game, String version, SupervisorBound.Deploy deploy) {
    view.nodes().onSuccess(nodes -> {
      List<String> targets = new ArrayList<>();
      for (SupervisorBound.NodeInstances node : nodes) {
        for (InstanceInfo info : node.instances()) {
          if (info.game().equals(game) && info.version().equals(version)) {
            refuse(ctx, 400, "version " + version + " of game '" + game
                + "' is already running; upload another version or retire it first");
            return;
          }
        }
        if (node.roles().contains("games")) {
          targets.add(node.node());
        }
      }
      if (targets.isEmpty()) {
        refuse(ctx, 503, "no node with the 'games' role is up to run the game");
        return;
      }
      List<Future<SupervisorBound.Deployed>> rollouts = new ArrayList<>();
      for (String node : targets) {
        rollouts.add(vertx.eventBus().<Object>request(Addresses.supervisor(node), deploy, ROLLOUT)
            .map(reply -> (SupervisorBound.Deployed) reply.body()));
      }
      Future.all(rollouts).compose(all -> versions.record(game, version, deploy.deployOrder(), deploy.jar()).map(all))
          .onSuccess(all -> {
        JsonArray started = new JsonArray();
        rollouts.forEach(f -> f.result().instances().forEach(i -> started.add(i.toAdminJson())));
        AdminVerticle.json(ctx, 200, new JsonObject().put("game", game).put("version", version).put("instances", started));
      }).onFailure(e -> {
        LOG.warn("upload of game {} {} failed: {}", game, version, e.getMessage());
        AdminVerticle.fail(ctx, e);
      });
    }).onFailure(e -> AdminVerticle.fail(ctx, e));
  }

  private void retire(RoutingContext ctx) {
    String game = ctx.pathParam("name");
    String version = ctx.pathParam("version");
    view.nodes().onSuccess(nodes -> {
      List<String> holders = new ArrayList<>();
      String successor = null;
      long successorOrder = Long.MIN_VALUE;
      for (SupervisorBound.NodeInstances node : nodes) {
        for (InstanceInfo info : node.instances()) {
          if (!info.game().equals(game)) {
            continue;
          }
          if (info.version().equals(version)) {
            if (!holders.contains(node.node())) {
              holders.add(node.node());
            }
          } else if (info.isActive() && info.deployOrder() >= successorOrder) {
            successor = info.version();
            successorOrder = info.deployOrder();
          }
        }
      }
      if (holders.isEmpty()) {
        AdminVerticle.json(ctx, 404, error("game '" + game + "' has no version " + version + " running"));
        return;
      }
      if (successor == null) {
        AdminVerticle.json(ctx, 409, error("version " + version + " is the only active version of game '" + game
            + "'; deploy another version first"));
        return;
      }
      List<Future<Object>> retired = new ArrayList<>();
      for (String node : holders) {
        retired.add(vertx.eventBus().request(Addresses.supervisor(node),
            new SupervisorBound.Retire(game, version, successor), ROLLOUT).map(reply -> reply.body()));
      }
      Future.all(retired).onSuccess(all -> AdminVerticle.json(ctx, 200,
              new JsonObject().put("game", game).put("version", version).put("retired", true)))
          .onFailure(e -> AdminVerticle.fail(ctx, e));
    }).onFailure(e -> AdminVerticle.fail(ctx, e));
  }

  /** Deploy order, cluster-wide by the clock, but always increasing from this node. */
  private long nextDeployOrder() {
    lastDeployOrder = Math.max(lastDeployOrder + 1, System.currentTimeMillis());
    return lastDeployOrder;
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
