package io.olympus.commerce.order.model;

import io.olympus.commerce.support.PostalAddress;
import io.olympus.common.json.JsonInput;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/**
 * A validated change of an unfulfilled order. {@code lines}, when given, replaces the order's lines (every line is
 * priced again, the stock difference held or given back); addresses, e-mail, note and shipping method change when
 * named ({@code null} clears an address or the method). {@code present} lists the fields the request named.
 */
public record OrderChange(List<LineRequest> lines, PostalAddress shippingAddress, PostalAddress billingAddress,
                          String email, String note, UUID shippingMethodId, List<String> present) {

  private static final List<String> FIELDS = List.of("lines", "shipping_address", "billing_address", "email", "note",
      "shipping_method_id");

  /** Parses and validates; throws ValidationException naming every bad field. */
  public static OrderChange fromJson(JsonObject json) {
    JsonInput in = new JsonInput(json);
    List<LineRequest> lines = json.containsKey("lines") ? LineRequest.read(in, "lines", true) : null;
    PostalAddress shipping = PostalAddress.read(in, "shipping_address", false);
    PostalAddress billing = PostalAddress.read(in, "billing_address", false);
    String email = in.optionalEmail("email");
    String note = in.optionalString("note", 0, 2000);
    UUID methodId = in.optionalUuid("shipping_method_id");
    List<String> present = FIELDS.stream().filter(json::containsKey).toList();
    if (present.isEmpty()) {
      in.error("body", "must change at least one of " + String.join(", ", FIELDS));
    }
    in.validate();
    return new OrderChange(lines, shipping, billing, email, note, methodId, present);
  }

  public boolean names(String field) {
    return present.contains(field);
  }
}
