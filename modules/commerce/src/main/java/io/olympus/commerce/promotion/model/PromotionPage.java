package io.olympus.commerce.promotion.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** A page of promotions and the cursor of the next one (null at the end). */
public record PromotionPage(List<Promotion> items, String nextCursor) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("items", new JsonArray(items.stream().map(Promotion::toJson).toList()))
        .put("next_cursor", nextCursor);
  }
}
