package io.gamebus.vertx;

import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.Context;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.impl.ContextBuilderImpl;
import io.vertx.core.internal.CloseFuture;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.WorkerPool;
import io.vertx.core.internal.http.WebSocketInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import io.vertx.core.spi.metrics.PoolMetrics;
import java.util.concurrent.ExecutorService;

/**
 * The one place gamebus uses Vert.x internals. They change between minor versions (Vert.x
 * moved them from {@code impl} to {@code internal} in 5.0), so every use is here, and each says
 * what the public API lacks. Upgrading Vert.x means checking this class.
 */
public final class VertxInternals {
  private VertxInternals() {}

  /**
   * The Netty channel under a client's TCP socket. The public {@link NetSocket} flushes every
   * write made outside its own read and counts its write queue itself; the gateway writes
   * frames unflushed and flushes each socket once per event-loop turn, reads Netty's own
   * write-queue count for the slow-consumer rule, and forces a close after a timeout.
   */
  public static ChannelHandlerContext channel(NetSocket socket) {
    return ((NetSocketInternal) socket).channelHandlerContext();
  }

  /**
   * The Netty channel under a client's WebSocket: as for TCP, and also to take the WebSocket
   * decoder's refusals (a frame too large or broken) before Vert.x closes the socket on them
   * with the client's frame half read.
   */
  public static ChannelHandlerContext channel(ServerWebSocket socket) {
    return ((WebSocketInternal) socket).channelHandlerContext();
  }

  /**
   * A worker context of no deployment's own whose tasks run, one at a time and in order, on
   * {@code executor}; {@code onTask} is called as each task begins (one at a time). The public
   * API builds a context only by deploying a verticle, and Vert.x undeploys a verticle by
   * running its stop on its context: that never happens while a game is stuck in a loop, so a
   * stuck game would hang its instance's undeploy and the node's shutdown.
   *
   * <p>The context carries {@code deploymentId} (the game's instance) because Vert.x ties a timer
   * or consumer to its context's close hooks only on a deployment's context; those hooks are this
   * context's own, run by {@link DetachedContext#close()}, and cancel the timers and consumers a
   * careless game leaves behind.
   */
  public static DetachedContext workerContext(Vertx vertx, String deploymentId, ExecutorService executor,
                                              Runnable onTask, ClassLoader loader) {
    CloseFuture resources = new CloseFuture();
    // withDeployment is on the builder implementation only (Vert.x's own deployments use it the same way).
    Context context = ((ContextBuilderImpl) ((VertxInternal) vertx).contextBuilder())
        .withDeployment(deploymentId)
        .withThreadingModel(ThreadingModel.WORKER)
        // The pool-metrics hook is the only per-task callback a context offers.
        .withWorkerPool(new WorkerPool(executor, new PoolMetrics<Object, Object>() {
          @Override
          public Object begin() {
            onTask.run();
            return null;
          }
        }))
        .withCloseFuture(resources)
        .withClassLoader(loader)
        .build();
    return new DetachedContext(context, resources);
  }

  /**
   * Runs {@code action} on the calling thread as if on {@code context}: what it starts that
   * completes later (in a cluster, the event bus's first lookup of an address, run as blocking
   * work) completes on {@code context}, not on the caller's own. The public API can only hop to
   * a context ({@link Context#runOnContext}), a thread switch the game's outgoing traffic does
   * not need: its sends only must not be tied to the game's context, which closes with the game
   * and would refuse that completion, leaving the address unresolved, and every later send to it
   * waiting, for the node's lifetime.
   */
  public static void runAs(Context context, Runnable action) {
    ((ContextInternal) context).dispatch(action);
  }

  /** A context from {@link #workerContext} and the close hooks of what was registered on it. */
  public static final class DetachedContext {
    private final Context context;
    private final CloseFuture resources;

    private DetachedContext(Context context, CloseFuture resources) {
      this.context = context;
      this.resources = resources;
    }

    public Context context() {
      return context;
    }

    /** Cancels the timers and consumers registered on the context, from the caller's thread. */
    public void close() {
      resources.close();
    }
  }
}
