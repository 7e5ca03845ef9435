package io.olympus.commerce.pricing.model;

import io.olympus.common.json.JsonInput;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * A validated price for a variant in a price list: from {@code min_quantity} units up (a quantity tier),
 * optionally only between {@code starts_at} and {@code ends_at} (a scheduled sale).
 */
public record PriceEntryInput(UUID variantId, int minQuantity, long amount, Instant startsAt, Instant endsAt) {

  /** Parses and validates; throws ValidationException naming every bad field. */
  public static PriceEntryInput fromJson(JsonObject json) {
    JsonInput in = new JsonInput(json);
    UUID variantId = in.requiredUuid("variant_id");
    Integer minQuantity = in.optionalInt("min_quantity", 1, 1_000_000);
    Long amount = in.requiredLong("amount", 0, 1_000_000_000_000L);
    Instant startsAt = in.optionalInstant("starts_at");
    Instant endsAt = in.optionalInstant("ends_at");
    if (startsAt != null && endsAt != null && !startsAt.isBefore(endsAt)) {
      in.error("ends_at", "must be after starts_at");
    }
    in.validate();
    return new PriceEntryInput(variantId, minQuantity == null ? 1 : minQuantity, amount, startsAt, endsAt);
  }
}
