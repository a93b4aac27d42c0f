package io.gamebus.games.arena;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What changed in one tick, pushed as {@code delta}: only the avatars and items that changed
 * since the previous delta, and only their changed fields; a new avatar comes whole.
 *
 * <pre>{@code
 * {"tick":1234, "since":1230,
 *  "players":{"<id>":{"x":410,"y":300}, "<new id>":{"name":"Bold Fox","hue":77,"x":10,"y":20,"score":0}},
 *  "items":{"3":{"x":120,"y":455}},
 *  "gone":["<id>"]}
 * }</pre>
 *
 * Empty sections are left out. {@code since} is the tick of the previous delta: a client that
 * holds state older than {@code since} missed a delta and should ask for {@code state}.
 *
 * @param tick    the tick this delta brings the client to
 * @param since   the tick of the previous delta (or of the restored snapshot)
 * @param players changed fields by player id
 * @param items   new positions by item id
 * @param gone    ids of players who left
 */
record Delta(long tick, long since, Map<String, JsonObject> players, Map<Integer, JsonObject> items,
             List<String> gone) {

  Delta {
    // Insertion order kept (unlike Map.copyOf) so the same match encodes the same way.
    players = Collections.unmodifiableMap(new LinkedHashMap<>(players));
    items = Collections.unmodifiableMap(new LinkedHashMap<>(items));
    gone = List.copyOf(gone);
  }

  /** Nothing changed: nothing to push. */
  boolean isEmpty() {
    return players.isEmpty() && items.isEmpty() && gone.isEmpty();
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject().put("tick", tick).put("since", since);
    if (!players.isEmpty()) {
      JsonObject byId = new JsonObject();
      players.forEach(byId::put);
      json.put("players", byId);
    }
    if (!items.isEmpty()) {
      JsonObject byId = new JsonObject();
      items.forEach((id, item) -> byId.put(String.valueOf(id), item));
      json.put("items", byId);
    }
    if (!gone.isEmpty()) {
      json.put("gone", new JsonArray(gone));
    }
    return json;
  }
}
