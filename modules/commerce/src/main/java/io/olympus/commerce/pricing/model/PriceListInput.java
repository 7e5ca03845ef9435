package io.olympus.commerce.pricing.model;

import io.olympus.common.json.JsonInput;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** A validated request to create a price list. */
public record PriceListInput(String name, String currency, UUID locationId, String customerGroup) {

  /** Parses and validates; throws ValidationException naming every bad field. */
  public static PriceListInput fromJson(JsonObject json) {
    JsonInput in = new JsonInput(json);
    String name = in.requiredString("name", 1, 120);
    String currency = in.requiredCurrency("currency");
    UUID locationId = in.optionalUuid("location_id");
    String group = in.optionalString("customer_group", 1, 60);
    in.validate();
    return new PriceListInput(name, currency, locationId, group);
  }
}
