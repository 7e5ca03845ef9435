package io.olympus.commerce.cart.model;

import io.olympus.commerce.order.model.LineRequest;
import io.olympus.commerce.support.PostalAddress;
import io.olympus.common.json.JsonInput;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/**
 * A validated cart creation or change. At creation {@code currency} is required and {@code lines} optional; a change
 * names at least one field ({@code present}), where {@code null} clears an optional one. Prices are never read.
 */
public record CartInput(UUID customerId, String currency, UUID locationId, String email, PostalAddress shippingAddress,
                        PostalAddress billingAddress, UUID shippingMethodId, List<LineRequest> lines,
                        List<String> present) {

  private static final List<String> CHANGEABLE = List.of("location_id", "email", "shipping_address", "billing_address",
      "shipping_method_id");

  public static CartInput readCreate(JsonObject json) {
    JsonInput in = new JsonInput(json);
    UUID customer = in.optionalUuid("customer_id");
    String currency = in.requiredCurrency("currency");
    CartInput input = read(in, json, customer, currency, true);
    in.validate();
    return input;
  }

  public static CartInput readUpdate(JsonObject json) {
    JsonInput in = new JsonInput(json);
    if (json.containsKey("currency")) {
      in.error("currency", "cannot change: a cart has one currency");
    }
    if (json.containsKey("lines")) {
      in.error("lines", "are changed through /carts/{id}/lines");
    }
    if (json.containsKey("customer_id")) {
      in.error("customer_id", "cannot change");
    }
    CartInput input = read(in, json, null, null, false);
    if (input.present().isEmpty()) {
      in.error("body", "must change at least one of " + String.join(", ", CHANGEABLE));
    }
    in.validate();
    return input;
  }

  private static CartInput read(JsonInput in, JsonObject json, UUID customer, String currency, boolean create) {
    UUID location = in.optionalUuid("location_id");
    String email = in.optionalEmail("email");
    PostalAddress ship = PostalAddress.read(in, "shipping_address", false);
    PostalAddress bill = PostalAddress.read(in, "billing_address", false);
    UUID method = in.optionalUuid("shipping_method_id");
    List<LineRequest> lines = create && json.containsKey("lines") ? LineRequest.read(in, "lines", false) : null;
    List<String> present = CHANGEABLE.stream().filter(json::containsKey).toList();
    return new CartInput(customer, currency, location, email, ship, bill, method, lines == null ? List.of() : lines,
        present);
  }

  public boolean names(String field) {
    return present.contains(field);
  }
}
