package io.olympus.commerce.order.model;

import io.olympus.commerce.support.PostalAddress;
import io.olympus.common.json.JsonInput;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What creating an order asks for, from a cart's checkout or directly ({@code POST /orders}): lines by variant and
 * quantity (never prices), the customer, addresses, a shipping method, the location to take stock from (null: the
 * best one) and whether it is a draft (priced, nothing held). Absent addresses and e-mail come from the customer.
 */
public record PlaceOrder(String source, UUID customerId, String email, String currency, UUID locationId,
                         List<LineRequest> lines, PostalAddress shippingAddress, PostalAddress billingAddress,
                         UUID shippingMethodId, String note, boolean draft, UUID cartId) {

  public static final Set<String> SOURCES = Set.of("api", "pos");

  /** Parses a direct order; throws ValidationException naming every bad field. */
  public static PlaceOrder fromJson(JsonObject json) {
    JsonInput in = new JsonInput(json);
    String source = in.oneOf("source", SOURCES, "api");
    UUID customerId = in.optionalUuid("customer_id");
    String email = in.optionalEmail("email");
    String currency = in.requiredCurrency("currency");
    UUID locationId = in.optionalUuid("location_id");
    List<LineRequest> lines = LineRequest.read(in, "lines", true);
    PostalAddress shipping = PostalAddress.read(in, "shipping_address", false);
    PostalAddress billing = PostalAddress.read(in, "billing_address", false);
    UUID methodId = in.optionalUuid("shipping_method_id");
    String note = in.optionalString("note", 0, 2000);
    Boolean draft = in.optionalBoolean("draft");
    in.validate();
    return new PlaceOrder(source, customerId, email, currency, locationId, lines, shipping, billing, methodId, note,
        Boolean.TRUE.equals(draft), null);
  }
}
