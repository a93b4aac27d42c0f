package io.gamebus.node;

import io.gamebus.bus.Addresses;
import io.gamebus.bus.RegistryEvent;
import io.gamebus.placement.InstanceDirectory;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.List;
import java.util.function.Supplier;

/**
 * Keeps this node's {@link InstanceDirectory} fed: consumes every node's registry events,
 * announces this node (at start, when asked, and as a heartbeat) and expires silent entries.
 */
final class Registry extends VerticleBase {
  private final InstanceDirectory directory;
  private final Supplier<RegistryEvent.NodeReport> announcement;

  Registry(InstanceDirectory directory, Supplier<RegistryEvent.NodeReport> announcement) {
    this.directory = directory;
    this.announcement = announcement;
  }

  @Override
  public Future<?> start() {
    var events = vertx.eventBus().<RegistryEvent>consumer(Addresses.REGISTRY, m -> directory.apply(m.body()));
    var sync = vertx.eventBus().consumer(Addresses.REGISTRY_SYNC, m -> announce());
    vertx.setPeriodic(InstanceDirectory.REPORT_INTERVAL_MS, t -> {
      announce();
      directory.expire(System.currentTimeMillis());
    });
    return Future.all(List.of(events.completion(), sync.completion())).onSuccess(v -> {
      announce();
      vertx.eventBus().publish(Addresses.REGISTRY_SYNC, "hello");
    });
  }

  void announce() {
    vertx.eventBus().publish(Addresses.REGISTRY, announcement.get());
  }
}
