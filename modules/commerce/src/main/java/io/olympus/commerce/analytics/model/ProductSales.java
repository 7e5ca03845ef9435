package io.olympus.commerce.analytics.model;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * A variant's sales over a range in one currency: units kept (cancelled units excluded) and revenue (its lines'
 * gross less their discounts, before tax; refunds are not attributed to products). SKU and title are the catalog's
 * current ones (null once the variant is gone).
 */
public record ProductSales(UUID productId, UUID variantId, String sku, String title, String currency, long units,
                           long revenue) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("product_id", productId.toString())
        .put("variant_id", variantId.toString())
        .put("sku", sku)
        .put("title", title)
        .put("currency", currency)
        .put("units", units)
        .put("revenue_amount", revenue);
  }
}
