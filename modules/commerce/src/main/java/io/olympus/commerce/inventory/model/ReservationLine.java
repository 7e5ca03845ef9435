package io.olympus.commerce.inventory.model;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** Quantity of a variant held at a location. */
public record ReservationLine(UUID variantId, UUID locationId, int quantity) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("variant_id", variantId.toString())
        .put("location_id", locationId.toString())
        .put("quantity", quantity);
  }
}
