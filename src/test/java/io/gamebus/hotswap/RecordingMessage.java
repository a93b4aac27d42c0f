package io.gamebus.hotswap;

import io.gamebus.api.Message;
import io.vertx.core.json.JsonObject;

/** A message that keeps the game's answer. */
final class RecordingMessage implements Message {

  private final String route;
  private final JsonObject body;
  private final boolean request;
  JsonObject reply;
  String failureCode;

  private RecordingMessage(String route, JsonObject body, boolean request) {
    this.route = route;
    this.body = body;
    this.request = request;
  }

  static RecordingMessage request(String route, JsonObject body) {
    return new RecordingMessage(route, body, true);
  }

  static RecordingMessage push(String route, JsonObject body) {
    return new RecordingMessage(route, body, false);
  }

  @Override
  public String route() {
    return route;
  }

  @Override
  public JsonObject body() {
    return body;
  }

  @Override
  public boolean isRequest() {
    return request;
  }

  @Override
  public void reply(JsonObject body) {
    reply = body.copy();
  }

  @Override
  public void fail(String code, String message) {
    failureCode = code;
  }
}
