package io.olympus.commerce.shipping.model;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** A method offered for a destination and goods, with its price. */
public record ShippingOption(UUID methodId, String name, String carrier, String currency, long amount) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("method_id", methodId.toString())
        .put("name", name)
        .put("carrier", carrier)
        .put("amount", amount)
        .put("currency", currency);
  }
}
