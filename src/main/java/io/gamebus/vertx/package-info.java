/**
 * gamebus's adapters on Vert.x: {@link io.gamebus.vertx.VertxInternals}, the one place that
 * touches Vert.x internals, and {@link io.gamebus.vertx.ContextCall}, a call on another
 * context whose result comes back on the caller's.
 */
package io.gamebus.vertx;
