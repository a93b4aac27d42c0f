package io.gamebus.games.arena;

import io.vertx.core.json.JsonObject;

/**
 * Where a player wants its avatar to go: a direction of length at most 1, held until the next
 * {@code input}.
 */
record Steering(double dx, double dy) {

  static final Steering STILL = new Steering(0, 0);

  /**
   * Reads an {@code input} body: either keys {@code {"up":bool,"down":bool,"left":bool,"right":bool}}
   * (absent means false) or a vector {@code {"dx":number,"dy":number}} (y grows downwards),
   * scaled down to length 1 if longer.
   *
   * @throws IllegalArgumentException with the fix, if a field has the wrong type
   */
  static Steering from(JsonObject body) {
    if (body.containsKey("dx") || body.containsKey("dy")) {
      return vector(number(body, "dx"), number(body, "dy"));
    }
    double dx = (flag(body, "right") ? 1 : 0) - (flag(body, "left") ? 1 : 0);
    double dy = (flag(body, "down") ? 1 : 0) - (flag(body, "up") ? 1 : 0);
    return vector(dx, dy);
  }

  static Steering vector(double dx, double dy) {
    if (!Double.isFinite(dx) || !Double.isFinite(dy)) {
      return STILL;
    }
    double length = Math.hypot(dx, dy);
    // The tolerance keeps an already normalised vector as it is (a restore must not drift).
    return length > 1 + 1e-9 ? new Steering(dx / length, dy / length) : new Steering(dx, dy);
  }

  boolean isStill() {
    return dx == 0 && dy == 0;
  }

  private static boolean flag(JsonObject body, String key) {
    Object value = body.getValue(key);
    if (value == null || value instanceof Boolean) {
      return Boolean.TRUE.equals(value);
    }
    throw new IllegalArgumentException("input." + key + " must be true or false, got " + value);
  }

  private static double number(JsonObject body, String key) {
    Object value = body.getValue(key);
    if (value == null || value instanceof Number) {
      return value == null ? 0 : ((Number) value).doubleValue();
    }
    throw new IllegalArgumentException("input." + key + " must be a number between -1 and 1, got " + value);
  }
}
