package io.olympus.commerce.pricing.model;

import io.olympus.common.json.JsonInput;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/** A validated price question: this many units of a variant, at a location, for a customer group, at a time. */
public record QuoteRequest(UUID variantId, int quantity, UUID locationId, String customerGroup, Instant at) {

  /** Parses and validates ({@code at} defaults to now); throws ValidationException naming every bad field. */
  public static QuoteRequest fromJson(JsonObject json) {
    JsonInput in = new JsonInput(json);
    UUID variantId = in.requiredUuid("variant_id");
    Integer quantity = in.requiredInt("quantity", 1, 1_000_000);
    UUID locationId = in.optionalUuid("location_id");
    String group = in.optionalString("customer_group", 1, 60);
    Instant at = in.optionalInstant("at");
    in.validate();
    return new QuoteRequest(variantId, quantity, locationId, group, at == null ? Instant.now() : at);
  }
}
