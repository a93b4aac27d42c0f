package io.gamebus.supervisor;

import io.gamebus.testing.TestNode;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;

/** What the admin API says about the supervised game. */
final class Admin {
  private Admin() {}

  /** The INSTANCE object of {@code GET /admin/games} for this id. */
  static JsonObject instance(TestNode node, String id) {
    JsonObject games = new JsonObject(node.admin().get("/admin/games").body());
    for (Object game : games.getJsonArray("games")) {
      for (Object version : ((JsonObject) game).getJsonArray("versions")) {
        for (Object instance : ((JsonObject) version).getJsonArray("instances")) {
          if (id.equals(((JsonObject) instance).getString("id"))) {
            return (JsonObject) instance;
          }
        }
      }
    }
    throw new AssertionError("no instance " + id + " in " + games.encodePrettily());
  }

  /** How many instances of this game {@code GET /admin/games} lists. */
  static int instances(TestNode node, String game) {
    JsonObject games = new JsonObject(node.admin().get("/admin/games").body());
    return games.getJsonArray("games").stream().map(JsonObject.class::cast).filter(g -> game.equals(g.getString("name")))
        .flatMap(g -> g.getJsonArray("versions").stream()).mapToInt(v -> ((JsonObject) v).getJsonArray("instances").size())
        .sum();
  }

  /** The value of a sample of {@code GET /metrics}, e.g. {@code gamebus_restarts_total{game="sv-1"}}; 0 if absent. */
  static double metric(TestNode node, String sample) {
    HttpResponse<String> metrics = node.admin().getWithoutToken("/metrics");
    for (String line : metrics.body().split("\n")) {
      if (line.startsWith(sample + " ")) {
        return Double.parseDouble(line.substring(sample.length() + 1).trim());
      }
    }
    return 0;
  }
}
