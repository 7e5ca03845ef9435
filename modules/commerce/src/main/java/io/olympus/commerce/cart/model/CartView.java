package io.olympus.commerce.cart.model;

import io.olympus.commerce.order.pricing.AppliedDiscount;
import io.olympus.commerce.order.pricing.LinePricer;
import io.olympus.commerce.order.pricing.Totals;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A cart priced now: each line with the variant, the server's price and its money from the totals pipeline, the
 * totals, and warnings (a line short of available stock, or no longer for sale; such lines are left out of the
 * totals), the discounts applied (on the cart and on each line) and the promotion codes applied to it, each saying
 * whether it applies and, when not, why. {@code token} is set only in the answer that created an anonymous cart.
 */
public record CartView(Cart cart, List<LinePricer.Line> priced, Totals totals, List<Warning> warnings,
                       Map<UUID, Integer> available, String token) {

  /** Something about a line the shopper should know before checking out. */
  public record Warning(UUID variantId, String code, String detail) {

    public JsonObject toJson() {
      return new JsonObject().put("variant_id", variantId.toString()).put("code", code).put("detail", detail);
    }
  }

  public JsonObject toJson() {
    JsonArray lines = new JsonArray();
    for (Cart.Line line : cart.lines()) {
      JsonObject json = new JsonObject().put("variant_id", line.variantId().toString()).put("quantity", line.quantity());
      priced.stream().filter(p -> p.variant().id().equals(line.variantId())).findFirst().ifPresent(p -> {
        json.put("product_id", p.variant().productId().toString())
            .put("sku", p.variant().sku())
            .put("title", p.variant().title())
            .put("price_rule", p.rule())
            .mergeIn(totals.line(p.variant().id().toString()).toJson())
            .put("discounts", lineDiscounts(p.variant().id().toString()));
      });
      if (available.containsKey(line.variantId())) {
        json.put("available", available.get(line.variantId()));
      }
      lines.add(json);
    }
    JsonObject json = new JsonObject()
        .put("id", cart.id().toString())
        .put("status", cart.status())
        .put("customer_id", cart.customerId() == null ? null : cart.customerId().toString())
        .put("currency", cart.currency())
        .put("location_id", cart.locationId() == null ? null : cart.locationId().toString())
        .put("email", cart.email())
        .put("shipping_address", cart.shippingAddress() == null ? null : cart.shippingAddress().toJson())
        .put("billing_address", cart.billingAddress() == null ? null : cart.billingAddress().toJson())
        .put("shipping_method_id", cart.shippingMethodId() == null ? null : cart.shippingMethodId().toString())
        .put("shipping", totals.shipping() == null ? null : totals.shipping().toJson())
        .put("lines", lines)
        .put("totals", totals.toJson())
        .put("discounts", totals.discounts().toJson())
        .put("promotion_codes", totals.discounts().codesJson())
        .put("warnings", new JsonArray(warnings.stream().map(Warning::toJson).toList()))
        .put("order_id", cart.orderId() == null ? null : cart.orderId().toString())
        .put("version", cart.version())
        .put("expires_at", cart.expiresAt().toString())
        .put("created_at", cart.createdAt().toString())
        .put("updated_at", cart.updatedAt().toString());
    if (token != null) {
      json.put("token", token);
    }
    return json;
  }

  /** The discounts on one line: {@code [{promotion_id, code, name, amount}]}. */
  private JsonArray lineDiscounts(String key) {
    JsonArray out = new JsonArray();
    for (AppliedDiscount discount : totals.discounts().applied()) {
      Long off = discount.lines().get(key);
      if (off != null && off > 0) {
        out.add(new JsonObject().put("promotion_id", discount.promotionId().toString()).put("code", discount.code())
            .put("name", discount.name()).put("amount", off));
      }
    }
    return out;
  }
}
