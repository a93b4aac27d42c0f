package io.gamebus.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * gamebus's own meters (exposed at {@code /metrics} next to Vert.x's and the JVM's). One per
 * node, shared by its verticles; every method is thread-safe and cheap on the hot path.
 */
public final class GamebusMetrics {
  private final MeterRegistry registry;
  private final AtomicInteger connections = new AtomicInteger();
  /** Open connections by gateway verticle (one per event loop): how evenly client I/O spreads. */
  private final Map<Integer, AtomicInteger> loopConnections = new ConcurrentHashMap<>();
  private final AtomicInteger sessions = new AtomicInteger();
  private final AtomicInteger instances = new AtomicInteger();
  /** One probe per game thread given up while stuck: true while that thread still runs. */
  private final Set<BooleanSupplier> abandoned = ConcurrentHashMap.newKeySet();
  private final Counter messagesIn;
  private final Counter messagesOut;
  private final Timer requestLatency;
  private final Map<String, Counter> errors = new ConcurrentHashMap<>();
  private final Map<String, Counter> restarts = new ConcurrentHashMap<>();
  private final Map<String, Counter> moves = new ConcurrentHashMap<>();
  private final Map<String, Counter> snapshots = new ConcurrentHashMap<>();

  public GamebusMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("gamebus_connections", connections, AtomicInteger::get)
        .description("Open client connections on this node's gateways").register(registry);
    Gauge.builder("gamebus_sessions", sessions, AtomicInteger::get)
        .description("Sessions held by this node's gateways, connected or awaiting resume").register(registry);
    Gauge.builder("gamebus_instances", instances, AtomicInteger::get)
        .description("Game instances running on this node").register(registry);
    Gauge.builder("gamebus_abandoned_threads", this, GamebusMetrics::abandonedThreads)
        .description("Game threads stuck in code that never returned, given up by the supervisor").register(registry);
    messagesIn = Counter.builder("gamebus_messages_in").description("Client messages received").register(registry);
    messagesOut = Counter.builder("gamebus_messages_out").description("Messages written to clients").register(registry);
    requestLatency = Timer.builder("gamebus_request_latency")
        .description("Time from a client's request to the game's answer, at the gateway")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
  }

  /** A client connected to the gateway verticle of this event loop (by index). */
  public void connectionOpened(int loop) {
    connections.incrementAndGet();
    loopConnections(loop).incrementAndGet();
  }

  public void connectionClosed(int loop) {
    connections.decrementAndGet();
    loopConnections(loop).decrementAndGet();
  }

  /** Shows {@code gamebus_gateway_connections} for a gateway verticle at 0 from its start on. */
  public void countConnections(int loop) {
    loopConnections(loop);
  }

  private AtomicInteger loopConnections(int loop) {
    return loopConnections.computeIfAbsent(loop, l -> {
      AtomicInteger count = new AtomicInteger();
      Gauge.builder("gamebus_gateway_connections", count, AtomicInteger::get)
          .description("Open client connections per gateway verticle, one verticle per event loop")
          .tag("loop", String.valueOf(l)).register(registry);
      return count;
    });
  }

  public AtomicInteger sessions() {
    return sessions;
  }

  public AtomicInteger instances() {
    return instances;
  }

  /**
   * Counts a stuck game thread the supervisor gave up on, for as long as {@code stillRunning}
   * says it runs (the JVM cannot kill a thread; it is counted until the game returns).
   */
  public void abandoned(BooleanSupplier stillRunning) {
    abandoned.add(stillRunning);
  }

  /** Shows {@code gamebus_game_threads}: the game pool's threads in service, stuck ones not counted. */
  public void gameThreads(IntSupplier live) {
    Gauge.builder("gamebus_game_threads", live, IntSupplier::getAsInt).strongReference(true)
        .description("Threads running this node's game instances (stuck ones given up are not counted)")
        .register(registry);
  }

  /** Game threads given up on that still run. */
  public int abandonedThreads() {
    abandoned.removeIf(probe -> !probe.getAsBoolean());
    return abandoned.size();
  }

  public void messageIn() {
    messagesIn.increment();
  }

  public void messagesOut(int count) {
    messagesOut.increment(count);
  }

  public void error(String code) {
    errors.computeIfAbsent(code, c -> Counter.builder("gamebus_errors")
        .description("Errors sent to clients, by code").tag("code", c).register(registry)).increment();
  }

  /** One of the game's snapshots is in the cluster's snapshot store, where a node loss cannot take it. */
  public void snapshotStored(String game) {
    snapshots.computeIfAbsent(game, g -> Counter.builder("gamebus_snapshots")
        .description("Game snapshots written to the cluster's snapshot store").tag("game", g)
        .register(registry)).increment();
  }

  public void restart(String game) {
    restarts(game).increment();
  }

  /** Shows {@code gamebus_restarts} for a game at 0 from its first instance on, not only after a restart. */
  public void countRestarts(String game) {
    restarts(game);
  }

  private Counter restarts(String game) {
    return restarts.computeIfAbsent(game, g -> Counter.builder("gamebus_restarts")
        .description("Instance replacements after a crash, hang or operator restart").tag("game", g)
        .register(registry));
  }

  public void moved(String reason, int players) {
    moves.computeIfAbsent(reason, r -> Counter.builder("gamebus_moves")
        .description("Players moved between instances, by reason").tag("reason", r).register(registry))
        .increment(players);
  }

  public void requestLatency(long nanos) {
    requestLatency.record(nanos, TimeUnit.NANOSECONDS);
  }
}
