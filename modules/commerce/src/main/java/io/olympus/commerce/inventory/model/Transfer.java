package io.olympus.commerce.inventory.model;

import io.olympus.common.json.JsonInput;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** A validated transfer of one or more variants between two locations; all lines move or none does. */
public record Transfer(UUID fromLocationId, UUID toLocationId, List<Line> lines, String note) {

  /** Quantity of one variant to move. */
  public record Line(UUID variantId, int quantity) {}

  /** Parses and validates; throws ValidationException naming every bad field. */
  public static Transfer fromJson(JsonObject json) {
    JsonInput in = new JsonInput(json);
    UUID from = in.requiredUuid("from_location_id");
    UUID to = in.requiredUuid("to_location_id");
    if (from != null && Objects.equals(from, to)) {
      in.error("to_location_id", "must differ from from_location_id");
    }
    List<Line> lines = new ArrayList<>();
    List<JsonInput> items = in.objects("lines", 1, 500);
    for (JsonInput item : items == null ? List.<JsonInput>of() : items) {
      UUID variantId = item.requiredUuid("variant_id");
      Integer quantity = item.requiredInt("quantity", 1, Adjustment.MAX_QUANTITY);
      lines.add(new Line(variantId, quantity == null ? 0 : quantity));
    }
    String note = in.optionalString("note", 0, 500);
    in.validate();
    return new Transfer(from, to, List.copyOf(lines), note);
  }
}
