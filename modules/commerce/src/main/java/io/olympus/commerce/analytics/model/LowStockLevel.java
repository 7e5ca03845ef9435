package io.olympus.commerce.analytics.model;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** A stock level at or below its low-stock threshold: available = on hand − reserved. */
public record LowStockLevel(UUID productId, UUID variantId, String sku, UUID locationId, long onHand, long reserved,
                            long available, long threshold) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("product_id", productId.toString())
        .put("variant_id", variantId.toString())
        .put("sku", sku)
        .put("location_id", locationId.toString())
        .put("on_hand", onHand)
        .put("reserved", reserved)
        .put("available", available)
        .put("low_stock_threshold", threshold);
  }
}
