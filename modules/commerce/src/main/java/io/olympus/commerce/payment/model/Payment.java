package io.olympus.commerce.payment.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A payment of an order through a provider. {@code status}: pending (committed before the provider was called, or
 * the provider answered pending), authorized, captured (in full or in part: {@code capturedAmount}), voided,
 * declined, failed (the provider refused the request or never received it). Amounts in the order's minor units.
 */
public record Payment(UUID id, UUID orderId, String provider, String providerPaymentId, String idempotencyKey,
                      String status, String captureMode, String currency, long amount, long authorizedAmount,
                      long capturedAmount, long refundedAmount, long disputedAmount, Long feeAmount,
                      String paymentMethod, UUID customerId, String declineCode, String failureMessage,
                      String requestedAction, Long requestedAmount, OffsetDateTime authorizationExpiresAt,
                      int version, OffsetDateTime createdAt, OffsetDateTime updatedAt,
                      List<Refund> refunds, List<Dispute> disputes, List<LedgerEntry> ledger) {

  public static final String PENDING = "pending";
  public static final String AUTHORIZED = "authorized";
  public static final String CAPTURED = "captured";
  public static final String VOIDED = "voided";
  public static final String DECLINED = "declined";
  public static final String FAILED = "failed";

  public boolean isFinal() {
    return status.equals(VOIDED) || status.equals(DECLINED) || status.equals(FAILED);
  }

  /** What may still be refunded, before pending refunds. */
  public long refundable() {
    return capturedAmount - refundedAmount;
  }

  public Payment with(List<Refund> refunds, List<Dispute> disputes, List<LedgerEntry> ledger) {
    return new Payment(id, orderId, provider, providerPaymentId, idempotencyKey, status, captureMode, currency, amount,
        authorizedAmount, capturedAmount, refundedAmount, disputedAmount, feeAmount, paymentMethod, customerId,
        declineCode, failureMessage, requestedAction, requestedAmount, authorizationExpiresAt, version, createdAt,
        updatedAt, refunds, disputes, ledger);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("id", id.toString())
        .put("order_id", orderId.toString())
        .put("provider", provider)
        .put("provider_payment_id", providerPaymentId)
        .put("status", status)
        .put("capture", captureMode)
        .put("currency", currency)
        .put("amount", amount)
        .put("authorized_amount", authorizedAmount)
        .put("captured_amount", capturedAmount)
        .put("refunded_amount", refundedAmount)
        .put("disputed_amount", disputedAmount)
        .put("fee_amount", feeAmount)
        .put("payment_method", paymentMethod)
        .put("customer_id", customerId == null ? null : customerId.toString())
        .put("decline_code", declineCode)
        .put("failure_message", failureMessage)
        .put("authorization_expires_at", authorizationExpiresAt == null ? null : authorizationExpiresAt.toString())
        .put("version", version)
        .put("created_at", createdAt == null ? null : createdAt.toString())
        .put("updated_at", updatedAt == null ? null : updatedAt.toString());
    if (refunds != null) {
      json.put("refunds", new JsonArray(refunds.stream().map(Refund::toJson).toList()));
    }
    if (disputes != null) {
      json.put("disputes", new JsonArray(disputes.stream().map(Dispute::toJson).toList()));
    }
    if (ledger != null) {
      json.put("ledger", new JsonArray(ledger.stream().map(LedgerEntry::toJson).toList()));
    }
    return json;
  }
}
