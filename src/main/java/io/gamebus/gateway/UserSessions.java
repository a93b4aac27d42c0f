package io.gamebus.gateway;

import io.gamebus.bus.GatewayBound;
import io.gamebus.bus.Identity;
import io.gamebus.config.AuthConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.List;

/**
 * One session per user, cluster-wide ({@code auth.sessionsPerUser} {@code replace} or
 * {@code reject}): each user's session and the gateway verticle holding it, in Vert.x shared
 * data (a Hazelcast map in a cluster, so every gateway of every node sees it). Entries change
 * by compare-and-set, so two gateways signing in the same user at once cannot both win. Lives
 * on its gateway verticle's event loop.
 */
final class UserSessions {
  static final String MAP = "gamebus.users";
  private static final int CLAIM_ATTEMPTS = 5;
  private static final DeliveryOptions PROBE = new DeliveryOptions().setSendTimeout(2_000);

  private final Vertx vertx;
  private final AuthConfig auth;
  private final String address;
  private final Future<AsyncMap<String, JsonObject>> map;

  UserSessions(Vertx vertx, AuthConfig auth, String address) {
    this.vertx = vertx;
    this.auth = auth;
    this.address = address;
    this.map = auth.oneSessionPerUser() ? vertx.sharedData().getAsyncMap(MAP) : null;
  }

  private boolean tracked(Identity identity) {
    return map != null && identity != null;
  }

  /**
   * Before a new session is placed: with {@code reject}, the user must have no live session;
   * the user is then reserved for {@code session}. Fails with the reason for {@code unauthorized}.
   */
  Future<Void> admit(Identity identity, String session) {
    if (!tracked(identity) || !AuthConfig.REJECT.equals(auth.sessionsPerUser())) {
      return Future.succeededFuture();
    }
    JsonObject mine = entry(session);
    return map.compose(m -> m.putIfAbsent(identity.user(), mine).compose(existing -> {
      if (existing == null || existing.getString("session").equals(session)) {
        return Future.succeededFuture();
      }
      return alive(existing).compose(live -> live
          ? refused(identity)
          // Its gateway is gone (a lost node) or no longer has it: a stale entry.
          : m.replaceIfPresent(identity.user(), existing, mine).compose(won -> won ? Future.succeededFuture() : refused(identity)));
    }));
  }

  private static Future<Void> refused(Identity identity) {
    return Future.failedFuture("user " + identity.user() + " already has a session (sessionsPerUser is reject): "
        + "resume it, or close it first");
  }

  /**
   * The session is open on this gateway (new or resumed) and is its user's session now; with
   * {@code replace}, the user's other session is ended ({@code closing} reason {@code replaced}).
   */
  void opened(ClientSession session) {
    if (!tracked(session.identity)) {
      return;
    }
    map.onSuccess(m -> {
      if (AuthConfig.REPLACE.equals(auth.sessionsPerUser())) {
        claim(m, session.identity.user(), entry(session.id), CLAIM_ATTEMPTS);
      } else {
        m.put(session.identity.user(), entry(session.id));
      }
    });
  }

  private void claim(AsyncMap<String, JsonObject> m, String user, JsonObject mine, int attempts) {
    m.putIfAbsent(user, mine).onSuccess(existing -> {
      if (existing == null) {
        return;
      }
      m.replaceIfPresent(user, existing, mine).onSuccess(won -> {
        if (!won) {
          if (attempts > 1) {
            claim(m, user, mine, attempts - 1);
          }
          return;
        }
        if (!existing.getString("session").equals(mine.getString("session"))) {
          vertx.eventBus().send(existing.getString("gateway"),
              new GatewayBound.Evict(List.of(existing.getString("session")), null, null, "replaced"));
        }
      });
    });
  }

  /** A session that was never placed: its reservation goes. */
  void abandoned(Identity identity, String session) {
    if (tracked(identity)) {
      map.onSuccess(m -> m.removeIfPresent(identity.user(), entry(session)));
    }
  }

  /** The session is over: its user may open another. */
  void ended(ClientSession session) {
    abandoned(session.identity, session.id);
  }

  private Future<Boolean> alive(JsonObject entry) {
    return vertx.eventBus().request(entry.getString("gateway"), new GatewayBound.Holds(entry.getString("session"), null), PROBE)
        .map(reply -> Boolean.TRUE.equals(reply.body()))
        .otherwise(false);
  }

  private JsonObject entry(String session) {
    return new JsonObject().put("session", session).put("gateway", address);
  }
}
