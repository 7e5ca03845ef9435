package io.olympus.commerce.inventory.model;

import io.olympus.commerce.support.Rows;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;

/** Stock of one variant at one location; available = on hand − reserved, never negative. */
public record StockLevel(UUID variantId, UUID locationId, int onHand, int reserved, Integer lowStockThreshold,
                         Instant updatedAt) {

  public static final Function<Row, StockLevel> MAPPER = row -> new StockLevel(
      row.getUUID("variant_id"),
      row.getUUID("location_id"),
      row.getInteger("on_hand"),
      row.getInteger("reserved"),
      row.getInteger("low_stock_threshold"),
      Rows.instant(row.getOffsetDateTime("updated_at")));

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
        .put("low_stock_threshold", lowStockThreshold)
        .put("updated_at", updatedAt == null ? null : updatedAt.toString());
  }
}
