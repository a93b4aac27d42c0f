package io.gamebus.protocol;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/**
 * Turns one frame's payload into a {@link ClientMessage}, or throws a {@link ProtocolException}
 * carrying the contract's error code: {@code bad_json}, then {@code bad_request} /
 * {@code unknown_type}. Stateless and thread-safe.
 */
public final class ClientMessageDecoder {

  private ClientMessageDecoder() {}

  public static ClientMessage decode(Buffer payload) {
    if (payload.length() == 0) {
      throw new ProtocolException(ErrorCode.BAD_JSON, "empty frame: expected a JSON object", null);
    }
    Object parsed;
    try {
      parsed = Json.CODEC.fromBuffer(payload, Object.class);
    } catch (DecodeException e) {
      throw new ProtocolException(ErrorCode.BAD_JSON, "not valid JSON: " + firstLine(e.getMessage()), null);
    }
    if (!(parsed instanceof JsonObject json)) {
      throw new ProtocolException(ErrorCode.BAD_JSON, "expected a JSON object, got " + describe(parsed), null);
    }
    return decode(json);
  }

  public static ClientMessage decode(JsonObject json) {
    Object type = json.getValue("type");
    Long id = requestId(json);
    if (!(type instanceof String name)) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "field 'type' must be a string", id);
    }
    switch (name) {
      case "hello":
        return new ClientMessage.Hello(id, optionalString(json, "game", id),
            optionalString(json, "token", id), optionalString(json, "resume", id));
      case "msg":
        String route = optionalString(json, "route", id);
        if (route == null) {
          throw new ProtocolException(ErrorCode.BAD_REQUEST, "msg needs a string 'route'", id);
        }
        return new ClientMessage.Msg(id, route, body(json, id));
      case "ping":
        return new ClientMessage.Ping(id);
      case "bye":
        return new ClientMessage.Bye(id);
      default:
        throw new ProtocolException(ErrorCode.UNKNOWN_TYPE,
            "unknown type '" + name + "': expected hello, msg, ping or bye", id);
    }
  }

  private static Long requestId(JsonObject json) {
    Object id = json.getValue("id");
    if (id == null) {
      return null;
    }
    if (id instanceof Number n && isPositiveInteger(n)) {
      return n.longValue();
    }
    throw new ProtocolException(ErrorCode.BAD_REQUEST, "field 'id' must be a positive integer", null);
  }

  private static boolean isPositiveInteger(Number n) {
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
      return n.longValue() > 0;
    }
    if (n instanceof java.math.BigInteger big) {
      return big.signum() > 0 && big.bitLength() < 64;
    }
    double d = n.doubleValue();
    return d > 0 && d == Math.rint(d) && d < 9.007199254740992E15;
  }

  private static String optionalString(JsonObject json, String field, Long id) {
    Object value = json.getValue(field);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw new ProtocolException(ErrorCode.BAD_REQUEST, "field '" + field + "' must be a string", id);
  }

  private static JsonObject body(JsonObject json, Long id) {
    Object body = json.getValue("body");
    if (body == null) {
      return new JsonObject();
    }
    if (body instanceof JsonObject object) {
      return object;
    }
    throw new ProtocolException(ErrorCode.BAD_REQUEST, "field 'body' must be a JSON object", id);
  }

  private static String describe(Object parsed) {
    if (parsed == null) {
      return "null";
    }
    if (parsed instanceof io.vertx.core.json.JsonArray) {
      return "an array";
    }
    return parsed instanceof String ? "a string" : parsed instanceof Boolean ? "a boolean" : "a number";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "parse error";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
