package io.olympus.commerce.customer.model;

import io.olympus.commerce.support.PostalAddress;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** An address of a customer's address book; at most one default for shipping and one for billing. */
public record CustomerAddress(UUID id, PostalAddress address, boolean defaultShipping, boolean defaultBilling) {

  public JsonObject toJson() {
    return address.toJson()
        .put("id", id.toString())
        .put("default_shipping", defaultShipping)
        .put("default_billing", defaultBilling);
  }
}
