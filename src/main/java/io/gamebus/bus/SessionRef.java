package io.gamebus.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A session as an instance knows it: its id, the gateway verticle that holds its connection, and
 * whose it is ({@code identity}, null when anonymous), which moves with it.
 */
public record SessionRef(String session, String gateway, Identity identity) {

  /** The same session, now held by another gateway. */
  public SessionRef at(String otherGateway) {
    return new SessionRef(session, otherGateway, identity);
  }

  public JsonObject toJson() {
    return new JsonObject().put("session", session).put("gateway", gateway).put("identity", Identity.toJson(identity));
  }

  static JsonArray toJson(List<SessionRef> refs) {
    JsonArray array = new JsonArray();
    refs.forEach(ref -> array.add(ref.toJson()));
    return array;
  }

  static List<SessionRef> fromJson(JsonArray array) {
    List<SessionRef> refs = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      JsonObject j = array.getJsonObject(i);
      refs.add(new SessionRef(j.getString("session"), j.getString("gateway"),
          Identity.fromJson(j.getJsonObject("identity"))));
    }
    return refs;
  }
}
