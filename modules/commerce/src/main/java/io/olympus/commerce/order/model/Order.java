package io.olympus.commerce.order.model;

import io.olympus.commerce.support.PostalAddress;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An order with its three statuses ({@link OrderTransitions}), its lines, its money (integer minor units of
 * {@code currency}: {@code total = Σ lines.total + shipping + shipping tax} when prices exclude tax, see
 * {@link io.olympus.commerce.order.pricing.Totals}), what was paid and what is owed back, and the reservation holding
 * its unfulfilled stock. {@code discounts} are the discounts it was priced with (promotion, code, amount per line and
 * waived shipping, see {@link io.olympus.commerce.order.pricing.AppliedDiscount}); their line amounts sum to the lines'
 * {@code discount_amount}.
 */
public record Order(UUID id, long number, String source, String status, String paymentStatus,
                   String fulfillmentStatus, UUID customerId, UUID cartId, String email, String currency,
                   UUID locationId, UUID reservationId, String customerGroup, boolean taxExempt,
                   boolean pricesIncludeTax, PostalAddress shippingAddress, PostalAddress billingAddress,
                   UUID shippingMethodId, String shippingMethodName, long shippingAmount, long shippingTaxAmount,
                   JsonArray shippingTaxLines, long subtotalAmount, long discountAmount, long taxAmount,
                   long totalAmount, long paidAmount, long refundOwedAmount, String note, String cancelReason,
                   int version, Instant createdAt, Instant updatedAt, Instant cancelledAt, Instant completedAt,
                   List<OrderLine> lines, List<Fulfillment> fulfillments, JsonArray discounts) {

  public Order {
    lines = List.copyOf(lines);
    fulfillments = List.copyOf(fulfillments);
    discounts = discounts == null ? new JsonArray() : discounts;
  }

  public Order with(List<OrderLine> newLines, List<Fulfillment> newFulfillments) {
    return new Order(id, number, source, status, paymentStatus, fulfillmentStatus, customerId, cartId, email, currency,
        locationId, reservationId, customerGroup, taxExempt, pricesIncludeTax, shippingAddress, billingAddress,
        shippingMethodId, shippingMethodName, shippingAmount, shippingTaxAmount, shippingTaxLines, subtotalAmount,
        discountAmount, taxAmount, totalAmount, paidAmount, refundOwedAmount, note, cancelReason, version, createdAt,
        updatedAt, cancelledAt, completedAt, newLines, newFulfillments, discounts);
  }

  /** The three statuses. */
  public OrderState state() {
    return new OrderState(status, paymentStatus, fulfillmentStatus);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("number", number)
        .put("source", source)
        .put("status", status)
        .put("payment_status", paymentStatus)
        .put("fulfillment_status", fulfillmentStatus)
        .put("customer_id", customerId == null ? null : customerId.toString())
        .put("cart_id", cartId == null ? null : cartId.toString())
        .put("email", email)
        .put("currency", currency)
        .put("location_id", locationId == null ? null : locationId.toString())
        .put("reservation_id", reservationId == null ? null : reservationId.toString())
        .put("customer_group", customerGroup)
        .put("tax_exempt", taxExempt)
        .put("prices_include_tax", pricesIncludeTax)
        .put("shipping_address", shippingAddress == null ? null : shippingAddress.toJson())
        .put("billing_address", billingAddress == null ? null : billingAddress.toJson())
        .put("shipping", shippingMethodId == null && shippingAmount == 0 ? null : new JsonObject()
            .put("method_id", shippingMethodId == null ? null : shippingMethodId.toString())
            .put("name", shippingMethodName)
            .put("amount", shippingAmount)
            .put("tax_amount", shippingTaxAmount)
            .put("tax_lines", shippingTaxLines))
        .put("lines", new JsonArray(lines.stream().map(OrderLine::toJson).toList()))
        .put("discounts", discounts.copy())
        .put("totals", new JsonObject()
            .put("currency", currency)
            .put("subtotal_amount", subtotalAmount)
            .put("discount_amount", discountAmount)
            .put("shipping_amount", shippingAmount)
            .put("tax_amount", taxAmount)
            .put("total_amount", totalAmount)
            .put("paid_amount", paidAmount)
            .put("refund_owed_amount", refundOwedAmount))
        .put("note", note)
        .put("cancel_reason", cancelReason)
        .put("fulfillments", new JsonArray(fulfillments.stream().map(Fulfillment::toJson).toList()))
        .put("version", version)
        .put("created_at", createdAt.toString())
        .put("updated_at", updatedAt.toString())
        .put("cancelled_at", cancelledAt == null ? null : cancelledAt.toString())
        .put("completed_at", completedAt == null ? null : completedAt.toString());
  }
}
