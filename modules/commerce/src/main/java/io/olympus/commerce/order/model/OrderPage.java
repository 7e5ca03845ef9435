package io.olympus.commerce.order.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** A page of orders (with their lines) and the cursor of the next one (null at the end). */
public record OrderPage(List<Order> items, String nextCursor) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("items", new JsonArray(items.stream().map(Order::toJson).toList()))
        .put("next_cursor", nextCursor);
  }
}
