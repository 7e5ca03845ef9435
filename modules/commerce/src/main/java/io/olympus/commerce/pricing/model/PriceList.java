package io.olympus.commerce.pricing.model;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.UUID;
import java.util.function.Function;

/** A price list: applies to everyone, or only at a location and/or to a customer group. */
public record PriceList(UUID id, String name, String currency, UUID locationId, String customerGroup, boolean active) {

  public static final Function<Row, PriceList> MAPPER = row -> new PriceList(
      row.getUUID("id"),
      row.getString("name"),
      row.getString("currency"),
      row.getUUID("location_id"),
      row.getString("customer_group"),
      row.getBoolean("active"));

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("name", name)
        .put("currency", currency)
        .put("location_id", locationId == null ? null : locationId.toString())
        .put("customer_group", customerGroup)
        .put("active", active);
  }
}
