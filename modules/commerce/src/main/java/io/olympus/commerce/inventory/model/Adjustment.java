package io.olympus.commerce.inventory.model;

import io.olympus.common.json.JsonInput;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.UUID;

/**
 * A validated stock adjustment. {@code receive} adds and {@code damage} removes {@code quantity} (> 0);
 * {@code count} sets on hand to {@code quantity} (>= 0); {@code correction} adds a signed non-zero
 * {@code quantity}.
 */
public record Adjustment(UUID variantId, UUID locationId, String reason, int quantity, String note) {

  static final Set<String> REASONS = Set.of("receive", "count", "damage", "correction");
  public static final int MAX_QUANTITY = 10_000_000;

  /** Parses and validates; throws ValidationException naming every bad field. */
  public static Adjustment fromJson(JsonObject json) {
    JsonInput in = new JsonInput(json);
    UUID variantId = in.requiredUuid("variant_id");
    UUID locationId = in.requiredUuid("location_id");
    String reason = in.oneOf("reason", REASONS, null);
    if (reason == null && !in.has("reason")) {
      in.error("reason", "is required");
    }
    Integer quantity = in.requiredInt("quantity", -MAX_QUANTITY, MAX_QUANTITY);
    if (quantity != null && reason != null) {
      boolean ok = switch (reason) {
        case "receive", "damage" -> quantity > 0;
        case "count" -> quantity >= 0;
        default -> quantity != 0;
      };
      if (!ok) {
        in.error("quantity", reason.equals("correction") ? "must not be 0"
            : reason.equals("count") ? "must not be negative" : "must be positive");
      }
    }
    String note = in.optionalString("note", 0, 500);
    in.validate();
    return new Adjustment(variantId, locationId, reason, quantity, note);
  }
}
