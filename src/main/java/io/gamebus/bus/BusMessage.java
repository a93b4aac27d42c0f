package io.gamebus.bus;

import io.vertx.core.json.JsonObject;

/**
 * A message between gamebus roles on the event bus. Records only, immutable once sent: in one
 * JVM the record itself travels (the codec's {@code transform} returns it), across the
 * cluster its {@link #toJson()} does.
 */
public interface BusMessage {
  JsonObject toJson();
}
