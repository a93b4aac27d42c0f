package io.gamebus.testing.games;

import io.gamebus.api.Game;
import io.gamebus.api.GameContext;
import io.gamebus.api.Message;
import io.gamebus.api.Player;
import io.vertx.core.json.JsonObject;

/**
 * The test counter: one count per instance, kept across swaps, crashes and node loss by
 * {@link #snapshot()}, and able to fail on demand. The hot-swap, supervision and cluster tests
 * load it from a jar like any game, and the bench (bench/lib.sh) compiles this same file into
 * its counter game jars.
 *
 * <p>Every answer and push carries the state {@code {"count", "version", "instance"}}: which
 * version and instance answered. Routes: {@code add} ({@code by}, default 1) and {@code get}
 * answer the state; {@code crash} throws; {@code spin} loops on the CPU for {@code ms} (default
 * 60 s), stopping early when its thread is interrupted unless {@code stubborn}; {@code block}
 * sleeps until the test releases it (or {@code ms}), deaf to interrupts; with
 * {@code "announce": true} these two first set the system property {@code <tag>.busy}, so a test
 * can wait until the game is stuck (a push would leave only once the call returns);
 * {@code timer-crash} and {@code timer-spin} do the same from a timer
 * of the game's own; {@code later} answers after {@code ms}; {@code config} answers the state
 * with the config the game was given. Every player gets a push
 * {@code joined} with the state when it joins.
 *
 * <p>A test makes the other hooks fail through system properties named
 * {@code <tag>.<hook>} (the tag is the game's name, or its config's {@code tag}), holding how many calls to fail:
 * {@code start}, {@code join}, {@code leave}, {@code snapshot}, and {@code start-hang} (blocks
 * like {@code block}); {@code <tag>.release=true} ends every block.
 */
public class Counter implements Game {
  private GameContext context;
  private long count;

  @Override
  public void start(GameContext context, JsonObject restored) {
    this.context = context;
    count = restored == null ? 0 : restored.getLong("count", 0L);
    if (trip("start-hang")) {
      block(Long.MAX_VALUE);
    }
    if (trip("start")) {
      throw new IllegalStateException("armed to fail in start");
    }
  }

  @Override
  public void join(Player player) {
    if (trip("join")) {
      throw new IllegalStateException("armed to fail in join");
    }
    player.send("joined", state());
  }

  @Override
  public void leave(Player player) {
    if (trip("leave")) {
      throw new IllegalStateException("armed to fail in leave");
    }
  }

  @Override
  public JsonObject snapshot() {
    if (trip("snapshot")) {
      throw new IllegalStateException("armed to fail in snapshot");
    }
    return state();
  }

  @Override
  public void message(Player player, Message message) {
    JsonObject body = message.body();
    long ms = body.getLong("ms", 60_000L);
    boolean stubborn = body.getBoolean("stubborn", false);
    switch (message.route()) {
      case "add" -> {
        count += body.getLong("by", 1L);
        answer(message, state());
      }
      case "get" -> answer(message, state());
      case "crash" -> throw new IllegalStateException("crash on request");
      case "spin" -> {
        announce(body);
        spin(ms, stubborn);
        answer(message, state());
      }
      case "block" -> {
        announce(body);
        block(ms);
        answer(message, state());
      }
      case "timer-crash" -> {
        context.vertx().setTimer(1, t -> {
          throw new IllegalStateException("crash in a timer");
        });
        answer(message, state());
      }
      case "timer-spin" -> {
        context.vertx().setTimer(1, t -> spin(ms, stubborn));
        answer(message, state());
      }
      case "later" -> context.vertx().setTimer(Math.max(1, ms), t -> answer(message, state()));
      case "config" -> answer(message, state().put("config", context.config()));
      default -> message.fail("unknown_route", "no route " + message.route());
    }
  }

  private JsonObject state() {
    return new JsonObject().put("count", count).put("version", context.version()).put("instance", context.instanceId());
  }

  private static void answer(Message message, JsonObject body) {
    if (message.isRequest()) {
      message.reply(body);
    }
  }

  private void announce(JsonObject body) {
    if (body.getBoolean("announce", false)) {
      System.setProperty(tag() + ".busy", "true");
    }
  }

  private static void spin(long ms, boolean stubborn) {
    long deadline = System.nanoTime() + ms * 1_000_000;
    while (System.nanoTime() - deadline < 0) {
      if (!stubborn && Thread.currentThread().isInterrupted()) {
        return;
      }
    }
  }

  private void block(long ms) {
    long deadline = System.currentTimeMillis() + Math.min(ms, 600_000);
    while (!Boolean.getBoolean(tag() + ".release") && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(5); // stuck on purpose: the hang under test, polling only for the test's release
      } catch (InterruptedException deaf) {
        // deaf to interrupts on purpose
      }
    }
  }

  private String tag() {
    return context.config().getString("tag", context.game());
  }

  /** Whether this call is armed to fail, counting it. */
  private boolean trip(String hook) {
    String key = tag() + "." + hook;
    synchronized (Counter.class) {
      int left = Integer.getInteger(key, 0);
      if (left <= 0) {
        return false;
      }
      System.setProperty(key, Integer.toString(left - 1));
      return true;
    }
  }
}
