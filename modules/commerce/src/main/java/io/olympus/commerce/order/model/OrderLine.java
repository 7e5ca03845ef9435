package io.olympus.commerce.order.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * A line of an order: the variant as it was sold (SKU, title), where its stock is held, how much is fulfilled or
 * cancelled, and its money as the totals pipeline fixed it (see {@link io.olympus.commerce.order.pricing.Totals}).
 */
public record OrderLine(UUID id, int position, UUID variantId, UUID productId, String sku, String title,
                        UUID locationId, int quantity, int fulfilledQuantity, int cancelledQuantity, Integer weightGrams,
                        String taxCategory, long unitAmount, boolean taxIncluded, long subtotalAmount,
                        long discountAmount, long taxAmount, long totalAmount, JsonObject priceRule, JsonArray taxLines) {

  /** Quantity neither fulfilled nor cancelled. */
  public int remaining() {
    return quantity - fulfilledQuantity - cancelledQuantity;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("position", position)
        .put("variant_id", variantId.toString())
        .put("product_id", productId.toString())
        .put("sku", sku)
        .put("title", title)
        .put("location_id", locationId == null ? null : locationId.toString())
        .put("quantity", quantity)
        .put("fulfilled_quantity", fulfilledQuantity)
        .put("cancelled_quantity", cancelledQuantity)
        .put("weight_grams", weightGrams)
        .put("tax_category", taxCategory)
        .put("unit_amount", unitAmount)
        .put("tax_included", taxIncluded)
        .put("subtotal_amount", subtotalAmount)
        .put("discount_amount", discountAmount)
        .put("tax_amount", taxAmount)
        .put("total_amount", totalAmount)
        .put("price_rule", priceRule)
        .put("tax_lines", taxLines);
  }
}
