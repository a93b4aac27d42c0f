package io.gamebus.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Typed, validated reads of one section of the configuration; errors name the full key. Every
 * key asked for is recorded (present or not): the keys of the section nobody asked for are
 * refused as unknown ({@link ConfigKeys}).
 */
final class ConfigReader {
  private final JsonObject json;
  private final String section;
  private final Set<String> asked = new LinkedHashSet<>();

  ConfigReader(JsonObject json, String section) {
    this.json = json == null ? new JsonObject() : json;
    this.section = section;
    ConfigKeys.register(this);
  }

  static ConfigReader section(JsonObject root, String name) {
    ConfigKeys.topLevel(name);
    Object value = root.getValue(name);
    if (value != null && !(value instanceof JsonObject)) {
      throw new ConfigException("'" + name + "' must be a JSON object");
    }
    return new ConfigReader((JsonObject) value, name);
  }

  String string(String key, String fallback) {
    Object value = value(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof String s && !s.isBlank()) {
      return s;
    }
    throw fail(key, "a non-empty string", value);
  }

  int integer(String key, int fallback, int min, int max) {
    Object value = value(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
        && n.longValue() >= min && n.longValue() <= max) {
      return n.intValue();
    }
    throw fail(key, "an integer from " + min + " to " + max, value);
  }

  List<String> strings(String key, List<String> fallback) {
    Object value = value(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof JsonArray array) {
      List<String> out = new ArrayList<>();
      for (Object item : array) {
        if (!(item instanceof String s)) {
          throw fail(key, "an array of strings", value);
        }
        out.add(s);
      }
      return List.copyOf(out);
    }
    throw fail(key, "an array of strings", value);
  }

  boolean bool(String key, boolean fallback) {
    Object value = value(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    throw fail(key, "true or false", value);
  }

  /** One of {@code allowed}; the first is the default. */
  String choice(String key, List<String> allowed) {
    String value = string(key, allowed.get(0));
    if (!allowed.contains(value)) {
      throw fail(key, "one of " + allowed, value);
    }
    return value;
  }

  /** A nested section, e.g. {@code auth.jwt}; absent reads as empty. */
  ConfigReader section(String key) {
    Object value = value(key);
    if (value != null && !(value instanceof JsonObject)) {
      throw fail(key, "a JSON object", value);
    }
    return new ConfigReader((JsonObject) value, section + "." + key);
  }

  /** Whether the key is present at all. */
  boolean has(String key) {
    return json.containsKey(key);
  }

  /** The full name of a key of this section, for messages. */
  String name(String key) {
    return section + "." + key;
  }

  JsonObject object(String key) {
    Object value = value(key);
    if (value == null) {
      return new JsonObject();
    }
    if (value instanceof JsonObject object) {
      return object.copy();
    }
    throw fail(key, "a JSON object", value);
  }

  private Object value(String key) {
    asked.add(key);
    return json.getValue(key);
  }

  String section() {
    return section;
  }

  Set<String> asked() {
    return asked;
  }

  /** The keys this section has that no read asked for. */
  List<String> unasked() {
    List<String> unasked = new ArrayList<>(json.fieldNames());
    unasked.removeAll(asked);
    return unasked;
  }

  ConfigException fail(String key, String expected, Object got) {
    String shown = got instanceof String ? "\"" + got + "\"" : String.valueOf(got);
    return new ConfigException(section + "." + key + " must be " + expected + " (got " + shown + ")");
  }
}
