package io.olympus.commerce.order.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Quantities of order lines shipped from a location, with the carrier and tracking number. */
public record Fulfillment(UUID id, UUID orderId, UUID locationId, String carrier, String trackingNumber,
                          Instant createdAt, List<Line> lines) {

  public Fulfillment {
    lines = List.copyOf(lines);
  }

  /** Quantity of one order line in this fulfilment. */
  public record Line(UUID orderLineId, int quantity) {

    public JsonObject toJson() {
      return new JsonObject().put("line_id", orderLineId.toString()).put("quantity", quantity);
    }
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("order_id", orderId.toString())
        .put("location_id", locationId.toString())
        .put("carrier", carrier)
        .put("tracking_number", trackingNumber)
        .put("created_at", createdAt.toString())
        .put("lines", new JsonArray(lines.stream().map(Line::toJson).toList()));
  }
}
