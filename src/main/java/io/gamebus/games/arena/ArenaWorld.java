package io.gamebus.games.arena;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The match, server-authoritative and free of I/O: avatars steered by their players, items
 * that respawn when picked up, and a tick counter. {@link Arena} drives it; tests drive it
 * directly. Given the same seed and the same calls it plays out the same way.
 */
final class ArenaWorld {

  /** Longest player name, in characters. */
  static final int NAME_MAX = 16;
  /** How long a player of a restored snapshot keeps its avatar waiting to join again. */
  static final int PARK_MS = 60_000;

  private static final String[] ADJECTIVES =
      {"Swift", "Brave", "Quiet", "Lucky", "Clever", "Bold", "Sly", "Merry", "Keen", "Jolly"};
  private static final String[] ANIMALS =
      {"Otter", "Fox", "Lynx", "Heron", "Badger", "Panda", "Gecko", "Moose", "Wren", "Yak"};

  private final ArenaRules rules;
  private final int tickMs;
  private final double stepPixels;
  private final SplitMix64 random;
  private final Map<String, Avatar> avatars = new LinkedHashMap<>();
  private final Map<String, Parked> parked = new LinkedHashMap<>();
  private final List<Item> items = new ArrayList<>();
  private final List<String> gone = new ArrayList<>();
  private long tick;
  private long lastDeltaTick;

  /** A player of a restored match, kept until it joins again or {@link #PARK_MS} passes. */
  private record Parked(Avatar avatar, long untilTick) {}

  private ArenaWorld(ArenaRules rules, int tickMs, long seed) {
    if (tickMs <= 0) {
      throw new IllegalArgumentException("tickMs must be positive, got " + tickMs);
    }
    this.rules = rules;
    this.tickMs = tickMs;
    this.stepPixels = rules.speed() * tickMs / 1000.0;
    this.random = new SplitMix64(seed);
  }

  /** A fresh match: no players, {@code rules.itemCount()} items at random places. */
  static ArenaWorld fresh(ArenaRules rules, int tickMs, long seed) {
    ArenaWorld world = new ArenaWorld(rules, tickMs, seed);
    world.fillItems();
    return world;
  }

  /**
   * A match carried on from {@link #snapshot()}, possibly taken by another version with other
   * rules: positions are clamped into this arena, items added or dropped to match
   * {@code rules.itemCount()}, and the snapshot's players wait (parked) until they join again.
   * Ill-typed entries are skipped rather than failing the start.
   */
  static ArenaWorld restore(ArenaRules rules, int tickMs, long seed, JsonObject snapshot) {
    Object rng = snapshot.getValue("rng");
    ArenaWorld world = new ArenaWorld(rules, tickMs, rng instanceof Number n ? n.longValue() : seed);
    world.tick = snapshot.getValue("tick") instanceof Number n ? Math.max(0, n.longValue()) : 0;
    world.lastDeltaTick = world.tick;
    if (snapshot.getValue("players") instanceof JsonObject players) {
      long until = world.tick + PARK_MS / tickMs;
      for (String id : players.fieldNames()) {
        if (players.getValue(id) instanceof JsonObject json) {
          Avatar avatar = Avatar.fromSnapshot(id, json, world::generatedName);
          avatar.moveTo(world.clampX(avatar.x(), rules.avatarRadius()), world.clampY(avatar.y(), rules.avatarRadius()));
          world.parked.put(id, new Parked(avatar, until));
        }
      }
    }
    if (snapshot.getValue("items") instanceof JsonObject saved) {
      for (int id = 0; id < rules.itemCount(); id++) {
        if (saved.getValue(String.valueOf(id)) instanceof JsonObject json
            && json.getValue("x") instanceof Number x && json.getValue("y") instanceof Number y) {
          world.items.add(new Item(id, world.clampX(x.doubleValue(), rules.itemRadius()),
              world.clampY(y.doubleValue(), rules.itemRadius())));
        }
      }
    }
    world.fillItems();
    return world;
  }

  ArenaRules rules() {
    return rules;
  }

  long tick() {
    return tick;
  }

  /** The avatar of a player in the match, or null. */
  Avatar avatar(String id) {
    return avatars.get(id);
  }

  /**
   * Puts the player in the match: its own avatar if it is already playing or was parked by a
   * restore, else a new one with a generated name at a random place. Either way the next
   * delta carries the whole avatar.
   */
  Avatar join(String id) {
    Avatar avatar = avatars.get(id);
    if (avatar != null) {
      return avatar;
    }
    Parked waiting = parked.remove(id);
    avatar = waiting != null ? waiting.avatar()
        : new Avatar(id, generatedName(), randomX(rules.avatarRadius()), randomY(rules.avatarRadius()), 0);
    avatar.markFresh();
    gone.remove(id);
    avatars.put(id, avatar);
    return avatar;
  }

  /** Takes the player out of the match; the next delta lists it as {@code gone}. */
  Avatar leave(String id) {
    parked.remove(id);
    Avatar avatar = avatars.remove(id);
    if (avatar != null) {
      gone.add(id);
    }
    return avatar;
  }

  /** Sets where the player's avatar heads from the next tick on; ignored for unknown players. */
  void steer(String id, Steering steering) {
    Avatar avatar = avatars.get(id);
    if (avatar != null) {
      avatar.steer(steering);
    }
  }

  /**
   * Renames the player's avatar and returns the name it got: control characters dropped,
   * trimmed, at most {@link #NAME_MAX} characters.
   *
   * @throws IllegalArgumentException if nothing is left of the name
   */
  String rename(String id, String raw) {
    String name = PlainText.clean(raw, NAME_MAX);
    if (name.isEmpty()) {
      throw new IllegalArgumentException("name must have 1 to " + NAME_MAX + " visible characters");
    }
    Avatar avatar = avatars.get(id);
    if (avatar != null) {
      avatar.rename(name);
    }
    return name;
  }

  /**
   * Advances one tick: avatars move along their steering, bounded by the walls; an avatar
   * touching an item scores its points and the item respawns elsewhere.
   *
   * @return what changed since the previous non-empty delta; empty if nothing did
   */
  Delta step() {
    tick++;
    int r = rules.avatarRadius();
    for (Avatar avatar : avatars.values()) {
      Steering steering = avatar.steering();
      if (!steering.isStill()) {
        avatar.moveTo(clampX(avatar.x() + steering.dx() * stepPixels, r),
            clampY(avatar.y() + steering.dy() * stepPixels, r));
      }
    }
    double reach = rules.avatarRadius() + rules.itemRadius();
    for (Item item : items) {
      for (Avatar avatar : avatars.values()) {
        if (Math.hypot(avatar.x() - item.x(), avatar.y() - item.y()) <= reach) {
          avatar.addScore(rules.itemPoints());
          respawn(item);
          break;
        }
      }
    }
    parked.values().removeIf(p -> p.untilTick() <= tick);
    return takeDelta();
  }

  private Delta takeDelta() {
    Map<String, JsonObject> changedPlayers = new LinkedHashMap<>();
    for (Avatar avatar : avatars.values()) {
      if (avatar.changed()) {
        changedPlayers.put(avatar.id, avatar.takeChanges());
      }
    }
    Map<Integer, JsonObject> changedItems = new LinkedHashMap<>();
    for (Item item : items) {
      if (item.changed()) {
        changedItems.put(item.id, item.toJson());
        item.clearChange();
      }
    }
    Delta delta = new Delta(tick, lastDeltaTick, changedPlayers, changedItems, gone);
    gone.clear();
    if (!delta.isEmpty()) {
      lastDeltaTick = tick;
    }
    return delta;
  }

  /**
   * The whole match as a joining client needs it: {@code tick}, {@code tickMs}, the rules'
   * fields (see {@link ArenaRules}), {@code players} by id and {@code items} by id.
   */
  JsonObject state() {
    JsonObject players = new JsonObject();
    avatars.forEach((id, avatar) -> players.put(id, avatar.toJson()));
    JsonObject byId = new JsonObject();
    items.forEach(item -> byId.put(String.valueOf(item.id), item.toJson()));
    return new JsonObject().put("tick", tick).put("tickMs", tickMs)
        .mergeIn(rules.toJson())
        .put("players", players).put("items", byId);
  }

  /**
   * The match for a successor: {@code tick}, the random generator's state {@code rng}, every
   * player (playing or still parked) with exact position, score, name and steering, and the
   * items. Read back by {@link #restore}.
   */
  JsonObject snapshot() {
    JsonObject players = new JsonObject();
    avatars.forEach((id, avatar) -> players.put(id, avatar.toSnapshot()));
    parked.forEach((id, waiting) -> players.put(id, waiting.avatar().toSnapshot()));
    JsonObject byId = new JsonObject();
    items.forEach(item -> byId.put(String.valueOf(item.id), item.toSnapshot()));
    return new JsonObject().put("tick", tick).put("rng", random.state())
        .put("players", players).put("items", byId);
  }

  private void fillItems() {
    Map<Integer, Item> byId = new HashMap<>();
    items.forEach(item -> byId.put(item.id, item));
    items.clear();
    for (int id = 0; id < rules.itemCount(); id++) {
      Item item = byId.get(id);
      if (item == null) {
        item = new Item(id, 0, 0);
        respawn(item);
      }
      items.add(item);
    }
    // Whoever joins gets the full state; only later moves belong in a delta.
    items.forEach(Item::clearChange);
  }

  /** Moves the item to a random free place (a few tries to keep it off the avatars). */
  private void respawn(Item item) {
    int r = rules.itemRadius();
    double clearance = 2.0 * (rules.avatarRadius() + r);
    double x = 0;
    double y = 0;
    for (int attempt = 0; attempt < 8; attempt++) {
      x = Math.round(randomX(r));
      y = Math.round(randomY(r));
      if (!nearAnAvatar(x, y, clearance)) {
        break;
      }
    }
    item.moveTo(x, y);
  }

  private boolean nearAnAvatar(double x, double y, double distance) {
    for (Avatar avatar : avatars.values()) {
      if (Math.hypot(avatar.x() - x, avatar.y() - y) < distance) {
        return true;
      }
    }
    for (Parked waiting : parked.values()) {
      if (Math.hypot(waiting.avatar().x() - x, waiting.avatar().y() - y) < distance) {
        return true;
      }
    }
    return false;
  }

  private String generatedName() {
    return ADJECTIVES[random.nextInt(ADJECTIVES.length)] + " " + ANIMALS[random.nextInt(ANIMALS.length)];
  }

  private double randomX(int margin) {
    return margin + random.nextDouble() * (rules.width() - 2 * margin);
  }

  private double randomY(int margin) {
    return margin + random.nextDouble() * (rules.height() - 2 * margin);
  }

  private double clampX(double x, int margin) {
    return Math.max(margin, Math.min(rules.width() - margin, x));
  }

  private double clampY(double y, int margin) {
    return Math.max(margin, Math.min(rules.height() - margin, y));
  }
}
