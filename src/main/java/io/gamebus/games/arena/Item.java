package io.gamebus.games.arena;

import io.vertx.core.json.JsonObject;

/** A collectable item: picked up, it respawns elsewhere at once. */
final class Item {

  final int id;
  private double x;
  private double y;
  private boolean moved;

  Item(int id, double x, double y) {
    this.id = id;
    this.x = x;
    this.y = y;
  }

  double x() {
    return x;
  }

  double y() {
    return y;
  }

  void moveTo(double x, double y) {
    moved = true;
    this.x = x;
    this.y = y;
  }

  boolean changed() {
    return moved;
  }

  /** Clears the change mark. */
  void clearChange() {
    moved = false;
  }

  /** {@code {"x","y"}} in whole pixels. */
  JsonObject toJson() {
    return new JsonObject().put("x", Math.round(x)).put("y", Math.round(y));
  }

  JsonObject toSnapshot() {
    return new JsonObject().put("x", x).put("y", y);
  }
}
