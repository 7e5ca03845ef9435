package io.olympus.commerce.inventory.model;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/** Stock of a variant at a location as of a point in time, recomputed from the ledger. */
public record StockSnapshot(UUID variantId, UUID locationId, int onHand, int reserved, Instant at) {

  public int available() {
    return onHand - reserved;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("variant_id", variantId.toString())
        .put("location_id", locationId.toString())
        .put("on_hand", onHand)
        .put("reserved", reserved)
        .put("available", available())
        .put("at", at.toString());
  }
}
