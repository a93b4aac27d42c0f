package io.gamebus.admin;

import io.gamebus.bus.Addresses;
import io.gamebus.bus.InstanceInfo;
import io.gamebus.bus.SupervisorBound;
import io.gamebus.config.AdminConfig;
import io.gamebus.config.PortInUse;
import io.gamebus.placement.InstanceDirectory;
import io.gamebus.tls.ServerTls;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;

/**
 * The operators' HTTP API on {@code admin.host:admin.port}: {@code /health}, {@code /ready},
 * {@code /metrics} and the dashboard page at {@code /} open; everything under {@code /admin}
 * behind the bearer token.
 */
public final class AdminVerticle extends VerticleBase {
  private static final DeliveryOptions ASK = new DeliveryOptions().setSendTimeout(10_000);

  private final AdminConfig config;
  private final String node;
  private final InstanceDirectory directory;
  private final Readiness state;
  private final PrometheusMeterRegistry registry;
  private HttpServer server;
  private ClusterView view;

  public AdminVerticle(AdminConfig config, String node, InstanceDirectory directory, Readiness state,
                       PrometheusMeterRegistry registry) {
    this.config = config;
    this.node = node;
    this.directory = directory;
    this.state = state;
    this.registry = registry;
  }

  public int port() {
    return server.actualPort();
  }

  @Override
  public Future<?> start() {
    view = new ClusterView(vertx, directory, node);
    Router routes = Router.router(vertx);
    HealthChecks health = HealthChecks.create(vertx).register("node", p -> p.complete(Status.OK()));
    routes.get("/health").handler(HealthCheckHandler.createWithHealthChecks(health));
    routes.get("/ready").handler(this::ready);
    routes.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
    routes.route("/admin/*").handler(new BearerToken(config.token()));
    routes.get("/admin/cluster").handler(ctx -> answer(ctx, view.cluster()));
    routes.get("/admin/games").handler(ctx -> answer(ctx, view.games()));
    routes.post("/admin/instances/:id/restart").handler(this::restart);
    new HotSwapRoutes(vertx, view).mount(routes);
    Dashboard.mount(routes);
    HttpServerOptions options = new HttpServerOptions().setHost(config.host()).setPort(config.port());
    server = vertx.createHttpServer(config.tls() == null ? options : ServerTls.secure(options, config.tls()))
        .requestHandler(routes);
    Future<?> listening = PortInUse.explain(server.listen(), "admin.port", config.host(), config.port());
    return config.tls() == null ? listening
        : listening.compose(s -> ServerTls.watch(vertx, config.tls(), o -> server.updateSSLOptions(o, true)));
  }

  private void ready(RoutingContext ctx) {
    String why = state.notReadyBecause();
    JsonObject body = new JsonObject().put("status", why == null ? "UP" : "DOWN").put("node", node);
    if (why != null) {
      body.put("reason", why);
    }
    json(ctx, why == null ? 200 : 503, body);
  }

  private void restart(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    InstanceInfo info = directory.instance(id);
    if (info == null) {
      json(ctx, 404, new JsonObject().put("error", "no instance '" + id + "'; GET /admin/games lists them"));
      return;
    }
    vertx.eventBus().<Object>request(Addresses.supervisor(info.node()), new SupervisorBound.Restart(id), ASK)
        .onSuccess(reply -> json(ctx, 200, ((SupervisorBound.Restarted) reply.body()).instance().toAdminJson()))
        .onFailure(e -> fail(ctx, e));
  }

  private void answer(RoutingContext ctx, Future<JsonObject> result) {
    result.onSuccess(body -> json(ctx, 200, body)).onFailure(e -> fail(ctx, e));
  }

  static void fail(RoutingContext ctx, Throwable e) {
    int status = e instanceof ReplyException reply && reply.failureCode() >= 400 && reply.failureCode() < 600
        ? reply.failureCode() : 500;
    json(ctx, status, new JsonObject().put("error", String.valueOf(e.getMessage())));
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
