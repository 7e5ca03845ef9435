package io.olympus.commerce.cart.model;

import io.olympus.common.json.JsonInput;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** What a checkout may add to its cart: the e-mail address, shipping method, location to ship from and a note. */
public record CheckoutInput(String email, UUID shippingMethodId, UUID locationId, String note) {

  public static final CheckoutInput NONE = new CheckoutInput(null, null, null, null);

  /** Parses and validates; throws ValidationException naming every bad field. */
  public static CheckoutInput fromJson(JsonObject json) {
    JsonInput in = new JsonInput(json);
    String email = in.optionalEmail("email");
    UUID method = in.optionalUuid("shipping_method_id");
    UUID location = in.optionalUuid("location_id");
    String note = in.optionalString("note", 0, 2000);
    in.validate();
    return new CheckoutInput(email, method, location, note);
  }
}
