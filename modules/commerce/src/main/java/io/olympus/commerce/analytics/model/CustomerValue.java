package io.olympus.commerce.analytics.model;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * A customer's lifetime figures in one currency: orders placed (open or completed), gross sales and net sales
 * (gross − discounts − refunds: the lifetime value). Only the id: no personal data.
 */
public record CustomerValue(UUID customerId, String currency, long orders, long grossSales, long netSales) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("customer_id", customerId.toString())
        .put("currency", currency)
        .put("orders", orders)
        .put("gross_sales_amount", grossSales)
        .put("lifetime_value_amount", netSales);
  }
}
