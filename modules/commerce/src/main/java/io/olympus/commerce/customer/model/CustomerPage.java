package io.olympus.commerce.customer.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** A page of customers and the cursor of the next one (null at the end). */
public record CustomerPage(List<Customer> items, String nextCursor) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("items", new JsonArray(items.stream().map(Customer::toJson).toList()))
        .put("next_cursor", nextCursor);
  }
}
