package io.gamebus.gateway;

import io.gamebus.bus.Identity;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.concurrent.TimeUnit;

/**
 * Resume tokens to the session they open, whose it is, and the gateway verticle holding it, in Vert.x shared
 * data: node-local on one node, a Hazelcast map in a cluster, so a client can resume on any
 * gateway. Entries of detached sessions expire with the resume window.
 */
final class SessionDirectory {
  static final String MAP = "gamebus.sessions";
  private static final long ATTEMPT_MS = 1_000;
  private final Future<AsyncMap<String, JsonObject>> map;

  SessionDirectory(Vertx vertx) {
    this.map = vertx.sharedData().<String, JsonObject>getAsyncMap(MAP);
  }

  /** Records that {@code gateway} holds the session; {@code ttlMs} 0 means no expiry. */
  Future<Void> put(ClientSession session, String gateway, long ttlMs) {
    JsonObject entry = new JsonObject().put("session", session.id).put("gateway", gateway)
        .put("game", session.game).put("instance", session.instance)
        .put("version", session.version).put("node", session.node)
        .put("identity", Identity.toJson(session.identity));
    return map.compose(m -> ttlMs > 0 ? m.put(session.resume, entry, ttlMs) : m.put(session.resume, entry));
  }

  /**
   * The entry for a resume token, or null if unknown or expired. Bounded: right after a member
   * is lost, a read can wait while Hazelcast promotes the backups of its partitions; an attempt
   * waits at most {@value #ATTEMPT_MS} ms, a fresh one follows, and after the second the lookup
   * fails (the client is told {@code unavailable} and may resume again).
   */
  Future<JsonObject> lookup(String resume) {
    return read(resume).recover(slow -> read(resume));
  }

  private Future<JsonObject> read(String resume) {
    return map.compose(m -> m.get(resume)).timeout(ATTEMPT_MS, TimeUnit.MILLISECONDS);
  }

  Future<Void> remove(String resume) {
    return map.compose(m -> m.remove(resume)).mapEmpty();
  }
}
