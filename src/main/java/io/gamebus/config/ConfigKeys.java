package io.gamebus.config;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The keys the configuration's readers ask for while one configuration is read, checked against
 * the keys the file has: a key no reader asks for is a misspelling (or a setting of another
 * version), and is refused with the nearest known key instead of being silently ignored.
 *
 * <p>Every {@link ConfigReader} made while {@link #reading} runs on this thread registers here,
 * so a key or section added by any config class is known without a list to keep in step. For
 * that, a config class must ask for every key it supports, unconditionally (a default is fine).
 */
final class ConfigKeys {
  private static final ThreadLocal<ConfigKeys> READING = new ThreadLocal<>();

  private final List<ConfigReader> readers = new ArrayList<>();
  private final Set<String> sections = new LinkedHashSet<>();

  private ConfigKeys() {}

  /** Builds a configuration from {@code root}, then refuses the keys of {@code root} that no reader asked for. */
  static <T> T reading(JsonObject root, Supplier<T> build) {
    ConfigKeys keys = new ConfigKeys();
    READING.set(keys);
    T built;
    try {
      built = build.get();
    } finally {
      READING.remove();
    }
    keys.refuseUnknown(root);
    return built;
  }

  static void register(ConfigReader reader) {
    ConfigKeys keys = READING.get();
    if (keys != null) {
      keys.readers.add(reader);
    }
  }

  /** A top-level key read as a whole (a section, or the games list), present or not. */
  static void topLevel(String key) {
    ConfigKeys keys = READING.get();
    if (keys != null) {
      keys.sections.add(key);
    }
  }

  private void refuseUnknown(JsonObject root) {
    List<String> unknown = new ArrayList<>();
    readers.forEach(r -> sections.add(topLevelOf(r.section())));
    for (String key : root.fieldNames()) {
      if (!sections.contains(key)) {
        unknown.add(describe(key, key, sections));
      }
    }
    Set<String> reported = new LinkedHashSet<>();
    for (ConfigReader reader : readers) {
      String family = family(reader.section());
      for (String key : reader.unasked()) {
        if (!isSection(family + "." + key) && reported.add(family + "." + key)) {
          unknown.add(describe(reader.section() + "." + key, key, knownIn(family)));
        }
      }
    }
    if (!unknown.isEmpty()) {
      throw new ConfigException((unknown.size() == 1 ? "unknown configuration key " : "unknown configuration keys ")
          + String.join(", ", unknown) + "; fix the spelling or remove "
          + (unknown.size() == 1 ? "it" : "them") + " (docs/operations.md lists every key)");
    }
  }

  /** A key read through a reader of its own (e.g. {@code auth.jwt}) is known to its parent too. */
  private boolean isSection(String path) {
    return readers.stream().anyMatch(r -> family(r.section()).equals(path) || family(r.section()).equals(path + "[]"));
  }

  private Set<String> knownIn(String family) {
    Set<String> known = new LinkedHashSet<>();
    for (ConfigReader reader : readers) {
      if (family(reader.section()).equals(family)) {
        known.addAll(reader.asked());
      }
    }
    return known;
  }

  private static String describe(String path, String key, Set<String> known) {
    return known.stream().min(Comparator.comparingInt(k -> distance(key, k)))
        .map(nearest -> path + " (did you mean " + path.substring(0, path.length() - key.length()) + nearest + "?)")
        .orElse(path);
  }

  /** {@code games[3]} and {@code games[0]} are one family, {@code games[]}: their entries share their keys. */
  private static String family(String section) {
    return section.replaceAll("\\[\\d+]", "[]");
  }

  private static String topLevelOf(String section) {
    return section.split("[.\\[]", 2)[0];
  }

  /** Edit distance (insertions, deletions, substitutions), case-insensitive: how far a misspelling is. */
  static int distance(String a, String b) {
    String x = a.toLowerCase();
    String y = b.toLowerCase();
    int[] previous = new int[y.length() + 1];
    int[] current = new int[y.length() + 1];
    for (int j = 0; j <= y.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= x.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= y.length(); j++) {
        int substitution = previous[j - 1] + (x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[y.length()];
  }
}
