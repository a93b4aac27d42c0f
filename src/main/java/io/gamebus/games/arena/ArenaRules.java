package io.gamebus.games.arena;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * What an arena match plays like and looks like: the hook through which a later version of
 * the game changes something players can see (see {@link io.gamebus.games.arena.v2.ArenaV2}).
 *
 * @param width        arena width in pixels
 * @param height       arena height in pixels
 * @param speed        avatar speed in pixels per second
 * @param avatarRadius avatar radius in pixels
 * @param itemRadius   item radius in pixels
 * @param itemCount    how many items are on the field at any time
 * @param itemPoints   the score an item is worth
 * @param theme        how the client draws the match
 */
public record ArenaRules(int width, int height, double speed, int avatarRadius, int itemRadius,
                         int itemCount, int itemPoints, Theme theme) {

  /** Version 1: a dark blue field with gold coins worth one point. */
  public static final ArenaRules CLASSIC = new ArenaRules(800, 600, 200, 14, 10, 5, 1,
      new Theme("classic", "#10162a", "#1e2742", "coin", "#f5c542"));

  public ArenaRules {
    if (width < 100 || height < 100) {
      throw new IllegalArgumentException("arena must be at least 100x100 pixels, got " + width + "x" + height);
    }
    if (speed <= 0 || avatarRadius <= 0 || itemRadius <= 0 || itemCount < 0 || itemPoints < 0) {
      throw new IllegalArgumentException("speed and radii must be positive, itemCount and itemPoints not negative");
    }
    Objects.requireNonNull(theme, "theme");
  }

  /** These rules with items worth {@code points}. */
  public ArenaRules withItemPoints(int points) {
    return new ArenaRules(width, height, speed, avatarRadius, itemRadius, itemCount, points, theme);
  }

  /** These rules drawn with another theme. */
  public ArenaRules withTheme(Theme theme) {
    return new ArenaRules(width, height, speed, avatarRadius, itemRadius, itemCount, itemPoints, theme);
  }

  /** The fields of the {@code state} push that describe the field (see {@link Arena}). */
  JsonObject toJson() {
    return new JsonObject()
        .put("width", width).put("height", height)
        .put("avatarRadius", avatarRadius).put("itemRadius", itemRadius)
        .put("itemPoints", itemPoints)
        .put("theme", theme.toJson());
  }

  /**
   * How the client draws the match.
   *
   * @param name       shown on the page, e.g. {@code "classic"}
   * @param background CSS colour of the field
   * @param grid       CSS colour of the grid lines
   * @param itemShape  {@code "coin"} or {@code "star"}
   * @param itemColour CSS colour of the items
   */
  public record Theme(String name, String background, String grid, String itemShape, String itemColour) {

    public Theme {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(background, "background");
      Objects.requireNonNull(grid, "grid");
      Objects.requireNonNull(itemShape, "itemShape");
      Objects.requireNonNull(itemColour, "itemColour");
    }

    JsonObject toJson() {
      return new JsonObject().put("name", name).put("background", background).put("grid", grid)
          .put("itemShape", itemShape).put("itemColour", itemColour);
    }
  }
}
