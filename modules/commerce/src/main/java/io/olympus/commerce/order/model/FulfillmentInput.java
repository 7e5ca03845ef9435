package io.olympus.commerce.order.model;

import io.olympus.common.json.JsonInput;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A validated fulfilment: from {@code location_id}, with an optional carrier and tracking number, of the given line
 * quantities ({@code lines[i].line_id}, {@code quantity}) or, without {@code lines}, of everything left to fulfil
 * there.
 */
public record FulfillmentInput(UUID locationId, String carrier, String trackingNumber, List<Fulfillment.Line> lines) {

  /** Parses and validates; throws ValidationException naming every bad field. */
  public static FulfillmentInput fromJson(JsonObject json) {
    JsonInput in = new JsonInput(json);
    UUID location = in.requiredUuid("location_id");
    String carrier = in.optionalString("carrier", 1, 60);
    String tracking = in.optionalString("tracking_number", 1, 100);
    List<Fulfillment.Line> lines = null;
    List<JsonInput> items = in.has("lines") ? in.objects("lines", 1, LineRequest.MAX_LINES) : null;
    if (items != null) {
      lines = new ArrayList<>();
      Set<UUID> seen = new HashSet<>();
      for (JsonInput item : items) {
        UUID lineId = item.requiredUuid("line_id");
        Integer quantity = item.requiredInt("quantity", 1, LineRequest.MAX_QUANTITY);
        if (lineId != null && !seen.add(lineId)) {
          item.error("line_id", "appears twice");
        } else if (lineId != null && quantity != null) {
          lines.add(new Fulfillment.Line(lineId, quantity));
        }
      }
    }
    in.validate();
    return new FulfillmentInput(location, carrier, tracking, lines == null ? null : List.copyOf(lines));
  }
}
