package io.gamebus.vertx;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Runs work on another verticle's context and brings the result back to the caller's.
 *
 * <p>Why it matters: a future completed on a game's thread runs its listeners there, and a
 * verticle deployed from there becomes a child of that game generation and is undeployed with
 * it. The supervisor's calls into its instance slots go through here.
 */
public final class ContextCall {
  private ContextCall() {}

  /** Runs {@code work} on {@code target}; the returned future completes on the calling context. */
  public static <T> Future<T> on(Context target, Supplier<Future<T>> work) {
    Context caller = Vertx.currentContext();
    Promise<T> result = Promise.promise();
    target.runOnContext(v -> {
      Future<T> outcome;
      try {
        outcome = work.get();
      } catch (RuntimeException e) {
        outcome = Future.failedFuture(e);
      }
      outcome.onComplete(ar -> back(caller, () -> result.handle(ar)));
    });
    return result.future();
  }

  private static void back(Context caller, Runnable action) {
    if (caller == null || caller == Vertx.currentContext()) {
      action.run();
    } else {
      caller.runOnContext(v -> action.run());
    }
  }
}
