package io.gamebus.games.arena;

import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;

/**
 * One player's avatar: where it is, where it heads, its name and score, and which of those
 * changed since the last {@link Delta}.
 */
final class Avatar {

  final String id;
  final int hue;
  private String name;
  private double x;
  private double y;
  private int score;
  private Steering steering = Steering.STILL;

  private boolean fresh = true;
  private boolean moved;
  private boolean scored;
  private boolean renamed;

  Avatar(String id, String name, double x, double y, int score) {
    this.id = id;
    this.hue = Math.floorMod(id.hashCode(), 360);
    this.name = name;
    this.x = x;
    this.y = y;
    this.score = score;
  }

  String name() {
    return name;
  }

  double x() {
    return x;
  }

  double y() {
    return y;
  }

  int score() {
    return score;
  }

  Steering steering() {
    return steering;
  }

  void steer(Steering steering) {
    this.steering = steering;
  }

  void rename(String name) {
    renamed |= !name.equals(this.name);
    this.name = name;
  }

  void moveTo(double x, double y) {
    moved |= x != this.x || y != this.y;
    this.x = x;
    this.y = y;
  }

  void addScore(int points) {
    scored |= points != 0;
    score += points;
  }

  /** Marks the whole avatar as changed, so the next delta carries all of it. */
  void markFresh() {
    fresh = true;
  }

  boolean changed() {
    return fresh || moved || scored || renamed;
  }

  /** The fields that changed since the last call, all of them for a fresh avatar; clears the marks. */
  JsonObject takeChanges() {
    JsonObject changes = fresh ? toJson() : new JsonObject();
    if (!fresh) {
      if (moved) {
        changes.put("x", Math.round(x)).put("y", Math.round(y));
      }
      if (scored) {
        changes.put("score", score);
      }
      if (renamed) {
        changes.put("name", name);
      }
    }
    fresh = moved = scored = renamed = false;
    return changes;
  }

  /** As clients see it: {@code {"name","hue","x","y","score"}}, positions in whole pixels. */
  JsonObject toJson() {
    return new JsonObject().put("name", name).put("hue", hue)
        .put("x", Math.round(x)).put("y", Math.round(y)).put("score", score);
  }

  /** As a snapshot keeps it: exact position and the steering, so a held key keeps working. */
  JsonObject toSnapshot() {
    return new JsonObject().put("name", name).put("x", x).put("y", y).put("score", score)
        .put("dx", steering.dx()).put("dy", steering.dy());
  }

  /** Reads {@link #toSnapshot()}; missing or ill-typed fields fall back to harmless defaults. */
  static Avatar fromSnapshot(String id, JsonObject json, Supplier<String> fallbackName) {
    Object name = json.getValue("name");
    Avatar avatar = new Avatar(id, name instanceof String s && !s.isBlank() ? s : fallbackName.get(),
        number(json, "x"), number(json, "y"), (int) number(json, "score"));
    avatar.steer(Steering.vector(number(json, "dx"), number(json, "dy")));
    return avatar;
  }

  private static double number(JsonObject json, String key) {
    return json.getValue(key) instanceof Number n ? n.doubleValue() : 0;
  }
}
