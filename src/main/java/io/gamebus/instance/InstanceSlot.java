package io.gamebus.instance;

import io.gamebus.bus.SessionRef;
import io.gamebus.bus.Addresses;
import io.gamebus.bus.ErrorReply;
import io.gamebus.bus.GatewayBound;
import io.gamebus.bus.InstanceBound;
import io.gamebus.bus.InstanceInfo;
import io.gamebus.bus.RegistryEvent;
import io.gamebus.bus.LocalInstances;
import io.gamebus.config.SupervisorConfig;
import io.gamebus.vertx.ContextCall;
import io.gamebus.game.GameDefinition;
import io.gamebus.game.GamePool;
import io.gamebus.game.Generation;
import io.gamebus.metrics.GamebusMetrics;
import io.gamebus.protocol.ErrorCode;
import io.gamebus.protocol.MoveReason;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One game instance as clients and operators see it: the instance id, its address, its
 * sessions. The slot outlives the {@link Generation}s that run the game: when one crashes or
 * hangs, the slot answers what the old one left unanswered with {@code game_error}, starts the
 * next from the last snapshot, tells the players {@code moved} (reason {@code crash}) and hands
 * the new game the players and the messages the old one never processed, in order. Too many
 * restarts too fast ({@link RestartPolicy}) and the instance is failed and its players moved
 * elsewhere ({@link DepartedSessions}). A hot swap hands the players over to a successor instance.
 * Everything here runs on the slot's event loop.
 *
 * <p>The slot itself takes the instance's mailbox and keeps its sessions ({@link SlotSessions});
 * its parts do the rest: {@link GenerationSupervisor} (running and replacing the game, with
 * {@link LastSnapshot} and {@link NextGameBacklog}), {@link Retirement} and {@link Adoption} (the
 * two sides of a move), {@link InstanceStatus} (what the registry is told). Gateways of this node
 * hand it session traffic through its {@link SlotInbox}, which passes what it can straight to the
 * serving game.
 */
public final class InstanceSlot extends VerticleBase {
  /** How long a gateway taken for lost has to say it still holds a session here. */
  private static final DeliveryOptions GATEWAY_PROBE = new DeliveryOptions().setSendTimeout(1_000);
  private final SlotSpec spec;
  private final GamePool pool;
  private final SupervisorConfig limits;
  private final Relocator relocator;
  private final GamebusMetrics metrics;
  private final LastSnapshot snapshot;
  private final long createdAt = System.currentTimeMillis();
  private final SlotSessions sessions;
  private final NextGameBacklog nextGame = new NextGameBacklog();
  private volatile InstanceStatus status;
  private DepartedSessions departed;
  private GenerationSupervisor generations;
  private Retirement retirement;
  private Adoption adoption;
  private MessageConsumer<InstanceBound> consumer;
  private SlotInbox inbox;
  private boolean gone;

  InstanceSlot(SlotSpec spec, GamePool pool, JsonObject restored, SupervisorConfig limits, SnapshotStore snapshots,
               Relocator relocator, GamebusMetrics metrics) {
    this.spec = spec;
    this.pool = pool;
    this.limits = limits;
    this.relocator = relocator;
    this.metrics = metrics;
    this.snapshot = new LastSnapshot(spec.id(), spec.definition().name(), restored, snapshots, metrics);
    this.sessions = new SlotSessions(spec.capacity());
  }

  public String id() {
    return spec.id();
  }

  public GameDefinition definition() {
    return spec.definition();
  }

  /** Completes once the first generation has started (the instance is serving). */
  public Future<Void> serving() {
    return ContextCall.on(context, () -> generations.serving());
  }

  @Override
  public Future<?> start() {
    status = new InstanceStatus(vertx.eventBus(), spec, sessions);
    PlayerNotices notices = new PlayerNotices(vertx.eventBus(), spec, metrics);
    departed = new DepartedSessions(vertx, relocator);
    inbox = new SlotInbox(context, this::sessionTraffic);
    generations = new GenerationSupervisor(vertx, pool, spec, limits, metrics, status, sessions, nextGame, snapshot, notices,
        departed, inbox, session -> adoption.awaitsBacklog(session));
    retirement = new Retirement(vertx, spec, metrics, status, sessions, generations, departed, inbox);
    adoption = new Adoption(vertx, spec, status, sessions, notices, departed, generations, inbox, this::traffic);
    consumer = vertx.eventBus().consumer(Addresses.instance(spec.id()), this::receive);
    LocalInstances.register(vertx, spec.id(), inbox);
    if (spec.snapshotMs() > 0) {
      vertx.setPeriodic(spec.snapshotMs(), t -> generations.takeSnapshot());
    }
    metrics.instances().incrementAndGet();
    metrics.countRestarts(spec.definition().name());
    generations.startNext();
    return consumer.completion();
  }

  /**
   * The game gets its {@code stop}; waits for it at most {@code hangMs} (a game's lane never
   * holds the node up: it belongs to no deployment).
   */
  @Override
  public Future<?> stop() {
    LocalInstances.unregister(vertx, spec.id(), inbox);
    Future<Void> stopped = generations.stop();
    gone();
    return stopped.timeout(limits.hangMs(), TimeUnit.MILLISECONDS).otherwiseEmpty();
  }

  /** Out of the registry and the node's instance count, once: at {@link #leaving()} or at the latest at stop. */
  private void gone() {
    if (!gone) {
      gone = true;
      metrics.instances().decrementAndGet();
      status.reportGone();
    }
  }

  // ---- traffic ---------------------------------------------------------------------------

  private void receive(Message<InstanceBound> message) {
    InstanceBound body = message.body();
    if (body instanceof InstanceBound.Join join) {
      join(join, message);
    } else if (body instanceof InstanceBound.Adopt adopt) {
      message.reply(new InstanceBound.Adopted(adoption.adopt(adopt.sessions(), adopt.reason(), adopt.handover())));
    } else if (body instanceof InstanceBound.Backlog arrived) {
      adoption.release(arrived.items());
      message.reply(null);
    } else if (body instanceof InstanceBound.Batch batch) {
      batch.items().forEach(this::sessionTraffic);
    } else if (SessionTraffic.is(body)) {
      sessionTraffic(body);
    }
  }

  /** A session's message, leave or rebind as it arrives: kept for a successor, held for a backlog, or on. */
  private void sessionTraffic(InstanceBound item) {
    if (!retirement.keptForSuccessor(item) && !adoption.held(item)) {
      traffic(item);
    }
  }

  /** A session's message, leave or rebind: for the game if the session is here, else after it. */
  private void traffic(InstanceBound item) {
    String session = SessionTraffic.sessionOf(item);
    if (!sessions.holds(session)) {
      departed.follow(session, item);
      return;
    }
    if (item instanceof InstanceBound.Rebind rebind) {
      sessions.rebind(session, rebind.gateway());
    }
    generations.submit(item);
    if (item instanceof InstanceBound.Leave) {
      sessions.remove(session);
      status.report();
      retirement.left();
    }
  }

  private void join(InstanceBound.Join join, Message<InstanceBound> message) {
    if (!status.is(InstanceInfo.ACTIVE)) {
      ErrorReply.fail(message, ErrorCode.UNAVAILABLE, "instance " + spec.id() + " is " + status.state());
      return;
    }
    if (!sessions.hasRoomFor(join.session())) {
      ErrorReply.fail(message, ErrorCode.FULL, "instance " + spec.id() + " is at capacity");
      return;
    }
    sessions.add(join.ref());
    departed.forget(join.session());
    // Answer before the game hears of the player: the gateway must know the session before
    // anything the game sends it in join arrives. Meanwhile nothing goes straight to the game:
    // what another player sends once this one was welcomed must reach the game after the join.
    inbox.hold();
    try {
      message.reply(new InstanceBound.Joined(status.info()));
      generations.submit(join);
    } finally {
      inbox.release();
    }
    inbox.allow(join.session());
    status.report();
  }

  /**
   * The gateways of a lost node held some of these sessions: unless they come back to this
   * instance within the resume window (a resume elsewhere rebinds them; after a split brain,
   * their gateway, back, has them adopted here again), they are over. A gateway that answers it
   * still holds one here was taken for lost wrongly (one side of a partition, or news of the loss
   * that came after the gateway was back): that session stays. Callable from any thread.
   */
  public void gatewayNodeLost(String node, int resumeSeconds) {
    context.runOnContext(v -> {
      Map<String, SessionRef> stranded = sessions.heldOn(node);
      if (stranded.isEmpty()) {
        return;
      }
      vertx.setTimer(TimeUnit.SECONDS.toMillis(Math.max(1, resumeSeconds)), t -> stranded.forEach((session, ref) -> {
        if (sessions.get(session) != ref) {
          return; // a rebind or an adoption since replaced it, even one by the same gateway
        }
        vertx.eventBus().request(ref.gateway(), new GatewayBound.Holds(session, spec.id()), GATEWAY_PROBE)
            .map(reply -> Boolean.TRUE.equals(reply.body())).otherwise(false)
            .onSuccess(held -> {
              if (!held && sessions.get(session) == ref) {
                traffic(new InstanceBound.Leave(session));
              }
            });
      }));
    });
  }

  // ---- for the supervisor, callable from any thread -----------------------------------------

  /** The instance as last reported to the registry, or null; callable from any thread. */
  public RegistryEvent.InstanceReport lastReport() {
    InstanceStatus started = status;
    return started == null ? null : started.lastReport(); // the supervisor's heartbeat may come before start()
  }

  /** This instance as of now. */
  public Future<InstanceInfo> describe() {
    return ContextCall.on(context, () -> Future.succeededFuture(status.info()));
  }

  /**
   * Operator restart: snapshot now (so nothing is lost), then replace the generation; completes
   * with the instance as it is once the replacement serves (or failed to start), restarts
   * counted. Revives a failed instance.
   */
  public Future<InstanceInfo> restart() {
    return ContextCall.on(context, () -> generations.restart());
  }

  /** The game's state now, without disturbing it (null if it keeps none). */
  public Future<JsonObject> peekSnapshot() {
    return ContextCall.on(context, () -> generations.peekSnapshot());
  }

  /** {@link Retirement#handOver()}: step one of a migrate. */
  public Future<JsonObject> handOver() {
    return ContextCall.on(context, () -> retirement.handOver());
  }

  /** {@link Retirement#transferTo}: step two of a migrate, players told {@code hotswap}. */
  public Future<Void> transferTo(InstanceInfo successor) {
    return transferTo(successor, MoveReason.HOTSWAP);
  }

  /** {@link #transferTo(InstanceInfo)} with the reason players are told. */
  public Future<Void> transferTo(InstanceInfo successor, MoveReason reason) {
    return ContextCall.on(context, () -> retirement.transferTo(successor, reason));
  }

  /** {@link Retirement#drain}: no new sessions; completes once the players are gone. */
  public Future<Void> drain(int seconds, String successorVersion) {
    return ContextCall.on(context, () -> retirement.drain(seconds, successorVersion));
  }

  /** {@link Retirement#drainUntilEmpty}: no new sessions; completes once the players are gone. */
  public Future<Void> drainUntilEmpty() {
    return ContextCall.on(context, () -> retirement.drainUntilEmpty());
  }

  /**
   * Being undeployed ({@link InstanceSlots#undeploy}): the registry hears at once that the
   * instance is gone. Completes with whether players left it for other instances: until their
   * gateways have heard {@code moved}, their traffic may still reach this address, to follow them.
   */
  Future<Boolean> leaving() {
    return ContextCall.on(context, () -> {
      gone();
      return Future.succeededFuture(departed.forwarding());
    });
  }

  /** When this slot was made (for an instance taken over, when it took over). */
  public long createdAt() {
    return createdAt;
  }

  /** The node this instance was taken over from, or null. */
  public String origin() {
    return spec.origin();
  }

  /** {@link Retirement#retire}: every player moves to the successor version now. */
  public Future<Void> retire(String successorVersion) {
    return ContextCall.on(context, () -> retirement.retire(successorVersion));
  }
}
