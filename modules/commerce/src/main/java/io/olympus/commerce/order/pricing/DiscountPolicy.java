package io.olympus.commerce.order.pricing;

import io.olympus.commerce.event.EventSink;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The discount step of the totals pipeline, where promotions plug in. {@link #discounts} answers the discounts of a
 * basket (an amount per line key, never above what is left of the line; an order-level discount is spread over the
 * lines by its policy; free shipping is a flag the pipeline applies to the shipping charge); it is asked inside the
 * pricing transaction and must not write. {@link #redeem} is called once by the transaction that places an order, with
 * what was applied: it counts the uses (and fails the placement when a limit is reached), in that transaction.
 * {@link #NONE} discounts nothing.
 */
public interface DiscountPolicy {

  DiscountPolicy NONE = (conn, tenantId, basket) -> Future.succeededFuture(Discounts.NONE);

  Future<Discounts> discounts(SqlConnection conn, UUID tenantId, Basket basket);

  /**
   * Issues now the reads of {@link #discounts} that do not depend on the lines (a caller that prices the lines next
   * sends them together with the lines' reads) and answers what finishes {@link #discounts} for the basket, which must
   * belong to {@code cartId}, {@code orderId} and {@code placing}. By default nothing is read early.
   */
  default Function<Basket, Future<Discounts>> early(SqlConnection conn, UUID tenantId, UUID cartId, UUID orderId,
                                                    boolean placing) {
    return basket -> discounts(conn, tenantId, basket);
  }

  /**
   * Counts the uses of what {@code redemption} applied, in the placing transaction, writing its events through
   * {@code events} (the placement's sink); nothing by default.
   */
  default Future<Void> redeem(SqlConnection conn, UUID tenantId, Redemption redemption, EventSink events) {
    return Future.succeededFuture();
  }

  /**
   * What a policy sees: the currency, the customer and their group, the priced lines, and the cart (whose applied
   * codes count) and order (being placed or changed; null for a cart) the basket belongs to; {@code placing}: the
   * order is being placed, so it has redeemed nothing yet.
   */
  record Basket(String currency, UUID customerId, String customerGroup, List<PricedLine> lines, UUID cartId,
                UUID orderId, boolean placing) {

    /** The basket of a cart or of an existing order. */
    public Basket(String currency, UUID customerId, String customerGroup, List<PricedLine> lines, UUID cartId,
                  UUID orderId) {
      this(currency, customerId, customerGroup, lines, cartId, orderId, false);
    }
  }

  /** What an order being placed took from the discount step. */
  record Redemption(UUID orderId, UUID customerId, String currency, Discounts discounts) {}
}
