package io.olympus.platform.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Small helpers shared by the platform's route classes. */
final class Replies {

  private Replies() {}

  static UUID uuidParam(RoutingContext ctx, String name) {
    // the OpenAPI contract has validated the format already
    return UUID.fromString(ctx.pathParam(name));
  }

  static UUID optionalUuidQuery(RoutingContext ctx, String name) {
    String value = ctx.queryParams().get(name);
    return value == null || value.isBlank() ? null : UUID.fromString(value);
  }

  static int limit(RoutingContext ctx, int defaultLimit) {
    String value = ctx.queryParams().get("limit");
    return value == null ? defaultLimit : Integer.parseInt(value);
  }

  static JsonObject body(RoutingContext ctx) {
    JsonObject body = ctx.body() == null ? null : ctx.body().asJsonObject();
    return body == null ? new JsonObject() : body;
  }

  static <T> JsonObject page(List<T> items, Function<T, JsonObject> render, String nextCursor) {
    JsonArray array = new JsonArray();
    items.forEach(item -> array.add(render.apply(item)));
    return new JsonObject().put("items", array).put("next_cursor", nextCursor);
  }

  static void created(RoutingContext ctx, String location, JsonObject body) {
    ctx.response().setStatusCode(201).putHeader("Location", location);
    ctx.json(body);
  }

  static void noContent(RoutingContext ctx) {
    ctx.response().setStatusCode(204).end();
  }
}
