package io.olympus.commerce.order.pricing;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The discount step of the totals pipeline: the extension point promotions will plug into. It answers a discount in
 * minor units per line key (an order-level discount is spread over the lines by its policy); the pipeline caps each
 * at the line's subtotal. Asked inside the pricing transaction; it must not write. {@link #NONE} discounts nothing.
 */
public interface DiscountPolicy {

  DiscountPolicy NONE = (conn, tenantId, basket) -> Future.succeededFuture(Map.of());

  Future<Map<String, Long>> discounts(SqlConnection conn, UUID tenantId, Basket basket);

  /** What a policy sees: the currency, the customer's group and the priced lines. */
  record Basket(String currency, UUID customerId, String customerGroup, List<PricedLine> lines) {}
}
