package io.gamebus.node;

import io.gamebus.admin.AdminVerticle;
import io.gamebus.admin.Readiness;
import io.gamebus.auth.DevTokenIssuer;
import io.gamebus.auth.TokenVerifier;
import io.gamebus.bus.BusCodec;
import io.gamebus.bus.RegistryEvent;
import io.gamebus.cluster.Membership;
import io.gamebus.config.GamebusConfig;
import io.gamebus.config.NodeConfig;
import io.gamebus.gateway.Gateways;
import io.gamebus.gateway.BrowserClientRoutes;
import io.gamebus.metrics.GamebusMetrics;
import io.gamebus.placement.DirectoryFeed;
import io.gamebus.placement.InstanceDirectory;
import io.gamebus.placement.LeastLoadedPlacement;
import io.gamebus.supervisor.Supervisor;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gamebus node: Vert.x (clustered or not), the registry, and the verticles of its roles
 * (gateway, games), plus the admin API. {@link #start} completes once every role is deployed;
 * {@link #stop} drains gracefully.
 */
public final class Node {
  private static final Logger LOG = LoggerFactory.getLogger(Node.class);
  private static final java.util.concurrent.atomic.AtomicInteger REGISTRIES = new java.util.concurrent.atomic.AtomicInteger();

  private final GamebusConfig config;
  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;
  private final GamebusMetrics metrics;
  private final InstanceDirectory directory = new InstanceDirectory();
  private final Readiness state;
  /** Set once deployed; read by the registry's announcements on another thread. */
  private volatile Gateways gateways;
  private final List<String> endpoints = new ArrayList<>();
  private AdminVerticle admin;
  private DirectoryFeed announcer;
  private String supervisorDeployment;
  private Supervisor supervisor;

  private final Membership membership;

  private Node(GamebusConfig config, Vertx vertx, PrometheusMeterRegistry registry, Membership membership) {
    this.config = config;
    this.vertx = vertx;
    this.membership = membership;
    this.registry = registry;
    this.metrics = new GamebusMetrics(registry);
    this.state = new Readiness(metrics, config.supervisor().maxAbandonedThreads());
  }

  /** Starts a single node that joins no cluster. */
  public static Future<Node> start(GamebusConfig config) {
    PrometheusMeterRegistry registry = newRegistry();
    Vertx vertx = Vertx.builder().with(vertxOptions(config)).withMetrics(new MicrometerMetricsFactory(registry)).build();
    return new Node(config, vertx, registry, Membership.NONE).deploy();
  }

  /** Starts a node on an already created (possibly clustered) Vert.x with its metrics registry. */
  public static Future<Node> start(GamebusConfig config, Vertx vertx, PrometheusMeterRegistry registry,
                                   Membership membership) {
    return new Node(config, vertx, registry, membership).deploy();
  }

  public static PrometheusMeterRegistry newRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    return registry;
  }

  public static VertxOptions vertxOptions(GamebusConfig config) {
    // Event-bus metrics would label every per-instance address; the gateway counts messages itself.
    // A registry name of its own: vertx-micrometer keeps its backends in a JVM-wide map by name,
    // so with the default name a second node in the JVM reported its meters into the first's.
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions().setEnabled(true)
        .setRegistryName("gamebus-" + REGISTRIES.incrementAndGet())
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS);
    return new VertxOptions().setMetricsOptions(metrics).setEventLoopPoolSize(eventLoops(config));
  }

  /** Vert.x's default, or more if the gateways want more: each gateway verticle gets a loop of its own. */
  private static int eventLoops(GamebusConfig config) {
    return Math.max(VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE, config.gateway().eventLoops());
  }

  private Future<Node> deploy() {
    BusCodec.registerAll(vertx.eventBus());
    NodeConfig node = config.node();
    return startEventLoops()
        // Admin first: /ready answers 503 while the roles start.
        .compose(v -> deployAdmin())
        .compose(v -> vertx.deployVerticle(announcer = new DirectoryFeed(directory, this::announcement, membership)))
        .compose(v -> node.hasRole(NodeConfig.GAMES) ? deploySupervisor() : Future.succeededFuture())
        .compose(v -> node.hasRole(NodeConfig.GATEWAY) ? deployGateway() : Future.succeededFuture())
        .compose(v -> announcer.heardAll())
        .map(v -> {
          state.ready();
          return this;
        })
        .onFailure(e -> vertx.close());
  }

  /**
   * Netty starts event-loop threads lazily, and a thread first started while a game's code is
   * on the stack would keep that game's class loader forever: start them all now.
   */
  private Future<?> startEventLoops() {
    int loops = eventLoops(config);
    return vertx.deployVerticle(() -> new VerticleBase() {}, new DeploymentOptions().setInstances(loops))
        .compose(vertx::undeploy);
  }

  private Future<?> deploySupervisor() {
    supervisor = new Supervisor(config.node().id(), config.node().roles(), config.games(),
        config.supervisor(), config.gateway().resumeSeconds(), directory, metrics);
    return vertx.deployVerticle(supervisor).onSuccess(id -> supervisorDeployment = id);
  }

  private Future<?> deployGateway() {
    TokenVerifier verifier = config.auth().enabled() ? new TokenVerifier(vertx, config.auth()) : null;
    DevTokenIssuer devTokens = config.auth().devTokens() ? new DevTokenIssuer(vertx, config.auth()) : null;
    return Gateways.deploy(vertx, config.gateway(), config.node().id(), new LeastLoadedPlacement(directory),
        metrics, v -> BrowserClientRoutes.create(v, devTokens), config.auth(), verifier).onSuccess(deployed -> {
          gateways = deployed;
          String host = config.gateway().host();
          boolean tls = config.gateway().tls() != null;
          endpoint((tls ? "tcp+tls " : "tcp ") + host + ":" + deployed.tcpPort());
          endpoint("websocket " + (tls ? "wss://" : "ws://") + host + ":" + deployed.httpPort() + "/ws");
          endpoint("web " + (tls ? "https://" : "http://") + host + ":" + deployed.httpPort() + "/");
        });
  }

  private Future<?> deployAdmin() {
    admin = new AdminVerticle(config.admin(), config.node().id(), directory, state, registry);
    String scheme = config.admin().tls() == null ? "http://" : "https://";
    return vertx.deployVerticle(admin).onSuccess(id -> endpoint("admin " + scheme + config.admin().host() + ":" + admin.port() + "/"));
  }

  private void endpoint(String line) {
    endpoints.add(line);
  }

  private RegistryEvent.NodeReport announcement() {
    List<String> addresses = gateways == null ? List.of() : gateways.addresses();
    return new RegistryEvent.NodeReport(config.node().id(), config.node().roles(), addresses, state.isDraining(),
        membership.self());
  }

  /** The lines a node prints at startup, one per listening endpoint. */
  public List<String> endpoints() {
    return List.copyOf(endpoints);
  }

  public String id() {
    return config.node().id();
  }

  public Vertx vertx() {
    return vertx;
  }

  public GamebusConfig config() {
    return config;
  }

  public int tcpPort() {
    return gateways.tcpPort();
  }

  public int httpPort() {
    return gateways.httpPort();
  }

  public int adminPort() {
    return admin.port();
  }

  /**
   * Graceful stop: not ready, no new sessions; in a cluster, the instances here move their
   * players (with a snapshot taken now) to other nodes; every client still connected here is
   * told {@code closing} (reason {@code shutdown}); then every verticle is undeployed and
   * Vert.x closed.
   */
  public Future<Void> stop() {
    state.draining();
    announcer.announce();
    if (gateways != null) {
      gateways.stopAccepting();
    }
    Future<Void> evacuated = supervisor == null ? Future.succeededFuture() : supervisor.evacuate();
    return evacuated.transform(v -> gateways == null ? Future.<Void>succeededFuture() : gateways.closeConnections())
        .compose(v -> supervisorDeployment == null ? Future.succeededFuture() : vertx.undeploy(supervisorDeployment))
        .transform(v -> vertx.close())
        .onComplete(v -> LOG.info("gamebus node {} stopped", id()));
  }
}
