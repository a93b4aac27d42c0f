package io.gamebus.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * The codec of every {@link BusMessage} record: the record itself in one JVM, its JSON (length
 * prefixed) across the cluster. One instance per record class, because Vert.x picks default
 * codecs by exact class.
 */
public final class BusCodec<T extends BusMessage> implements MessageCodec<T, T> {
  private final Class<T> type;
  private final Function<JsonObject, T> decoder;

  private BusCodec(Class<T> type, Function<JsonObject, T> decoder) {
    this.type = type;
    this.decoder = decoder;
  }

  /** Registers the codec of every record of the bus; call once per Vert.x instance. */
  public static void registerAll(EventBus bus) {
    register(bus, InstanceBound.Join.class, InstanceBound.Join::fromJson);
    register(bus, InstanceBound.Deliver.class, InstanceBound.Deliver::fromJson);
    register(bus, InstanceBound.Leave.class, InstanceBound.Leave::fromJson);
    register(bus, InstanceBound.Rebind.class, InstanceBound.Rebind::fromJson);
    register(bus, InstanceBound.Adopt.class, InstanceBound.Adopt::fromJson);
    register(bus, InstanceBound.Adopted.class, InstanceBound.Adopted::fromJson);
    register(bus, InstanceBound.Backlog.class, InstanceBound.Backlog::fromJson);
    register(bus, InstanceBound.Batch.class, InstanceBound.Batch::fromJson);
    register(bus, InstanceBound.Joined.class, InstanceBound.Joined::fromJson);
    register(bus, GatewayBound.Push.class, GatewayBound.Push::fromJson);
    register(bus, GatewayBound.Answer.class, GatewayBound.Answer::fromJson);
    register(bus, GatewayBound.Batch.class, GatewayBound.Batch::fromJson);
    register(bus, GatewayBound.Moved.class, GatewayBound.Moved::fromJson);
    register(bus, GatewayBound.Evict.class, GatewayBound.Evict::fromJson);
    register(bus, GatewayBound.Handoff.class, GatewayBound.Handoff::fromJson);
    register(bus, GatewayBound.SessionState.class, GatewayBound.SessionState::fromJson);
    register(bus, GatewayBound.Holds.class, GatewayBound.Holds::fromJson);
    register(bus, RegistryEvent.InstanceReport.class, RegistryEvent.InstanceReport::fromJson);
    register(bus, RegistryEvent.InstanceGone.class, RegistryEvent.InstanceGone::fromJson);
    register(bus, RegistryEvent.NodeReport.class, RegistryEvent.NodeReport::fromJson);
    register(bus, RegistryEvent.NodeLost.class, RegistryEvent.NodeLost::fromJson);
    register(bus, SupervisorBound.Host.class, SupervisorBound.Host::fromJson);
    register(bus, SupervisorBound.Hosted.class, SupervisorBound.Hosted::fromJson);
    register(bus, SupervisorBound.Describe.class, SupervisorBound.Describe::fromJson);
    register(bus, SupervisorBound.NodeInstances.class, SupervisorBound.NodeInstances::fromJson);
    register(bus, SupervisorBound.Restart.class, SupervisorBound.Restart::fromJson);
    register(bus, SupervisorBound.Restarted.class, SupervisorBound.Restarted::fromJson);
    register(bus, SupervisorBound.Deploy.class, SupervisorBound.Deploy::fromJson);
    register(bus, SupervisorBound.Deployed.class, SupervisorBound.Deployed::fromJson);
    register(bus, SupervisorBound.Retire.class, SupervisorBound.Retire::fromJson);
  }

  private static <T extends BusMessage> void register(EventBus bus, Class<T> type, Function<JsonObject, T> decoder) {
    bus.registerDefaultCodec(type, new BusCodec<>(type, decoder));
  }

  @Override
  public void encodeToWire(Buffer buffer, T message) {
    byte[] json = message.toJson().encode().getBytes(StandardCharsets.UTF_8);
    buffer.appendInt(json.length).appendBytes(json);
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    return decoder.apply(new JsonObject(buffer.getBuffer(pos + 4, pos + 4 + length)));
  }

  @Override
  public T transform(T message) {
    return message;
  }

  @Override
  public String name() {
    return "gamebus." + type.getName();
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
