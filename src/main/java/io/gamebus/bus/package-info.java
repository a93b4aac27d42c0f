/**
 * What gamebus's roles tell each other over the event bus: the {@link io.gamebus.bus.Addresses},
 * one sealed family of records per recipient ({@link io.gamebus.bus.InstanceBound},
 * {@link io.gamebus.bus.GatewayBound}, {@link io.gamebus.bus.SupervisorBound},
 * {@link io.gamebus.bus.RegistryEvent}) with one codec ({@link io.gamebus.bus.BusCodec}: the
 * record itself in one JVM, its JSON across the cluster), refusals that carry an error code
 * ({@link io.gamebus.bus.ErrorReply}), and the same node's shortcut from gateways to instances
 * ({@link io.gamebus.bus.LocalInstances}).
 */
package io.gamebus.bus;
