package io.olympus.commerce.payment.model;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * An order whose ledger does not add up: {@code captured} (sum of capture lines) plus {@code refunded} (sum of refund
 * lines, negative) is {@code ledgerNet}, which differs from the order's {@code paidAmount}.
 */
public record LedgerMismatch(UUID orderId, long number, String currency, String paymentStatus, long paidAmount,
                             long captured, long refunded, long ledgerNet) {

  public JsonObject toJson() {
    return new JsonObject().put("order_id", orderId.toString()).put("number", number).put("currency", currency)
        .put("payment_status", paymentStatus).put("paid_amount", paidAmount).put("captured_amount", captured)
        .put("refunded_amount", -refunded).put("ledger_net_amount", ledgerNet)
        .put("difference", paidAmount - ledgerNet);
  }
}
