package io.gamebus.bench;

import io.vertx.core.json.JsonObject;

/** The raw server's side of one connection: hello, msg (echo and broadcast), ping, bye. */
final class RawSession {

    private final Link link;
    private final Rooms rooms;
    private String room;

    RawSession(Link link, Rooms rooms) {
        this.link = link;
        this.rooms = rooms;
        link.messageHandler(this::onMessage)
            .badJsonHandler(() -> error(null, "bad_json", "not a JSON object"))
            .closeHandler(() -> {
                if (room != null) {
                    rooms.leave(room, link);
                }
            });
    }

    private void onMessage(JsonObject message) {
        Object id = message.getValue("id");
        if (!(message.getValue("type") instanceof String type)) {
            error(id, "bad_request", "missing type");
            return;
        }
        switch (type) {
            case "hello" -> hello(id, message);
            case "msg" -> msg(id, message);
            case "ping" -> link.send(withId(new JsonObject().put("type", "pong"), id).encode());
            case "bye" -> link.close();
            default -> error(id, "unknown_type", type);
        }
    }

    private void hello(Object id, JsonObject hello) {
        if (room == null) {
            room = rooms.join(link);
        }
        JsonObject welcome = withId(new JsonObject().put("type", "welcome"), id)
            .put("session", "s")
            .put("resume", "r")
            .put("game", hello.getValue("game") instanceof String game ? game : "echo")
            .put("version", "raw")
            .put("instance", room)
            .put("node", "raw")
            .put("resumed", false);
        link.send(welcome.encode());
    }

    private void msg(Object id, JsonObject msg) {
        if (room == null) {
            error(id, "no_session", "hello first");
            return;
        }
        if (!(msg.getValue("body", new JsonObject()) instanceof JsonObject body)) {
            error(id, "bad_request", "body must be an object");
            return;
        }
        if ("broadcast".equals(msg.getValue("route"))) {
            JsonObject push = new JsonObject().put("type", "push").put("route", "broadcast").put("body", body);
            rooms.broadcast(room, push.encode());
        }
        if (id != null) {
            link.send(new JsonObject().put("type", "reply").put("id", id).put("body", body).encode());
        }
    }

    private void error(Object id, String code, String message) {
        link.send(withId(new JsonObject().put("type", "error"), id).put("code", code).put("message", message).encode());
    }

    private static JsonObject withId(JsonObject message, Object id) {
        return id == null ? message : message.put("id", id);
    }
}
