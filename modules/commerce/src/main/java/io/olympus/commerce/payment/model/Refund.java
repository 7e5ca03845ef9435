package io.olympus.commerce.payment.model;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A refund of a captured payment: pending until the provider answers, then succeeded or failed. */
public record Refund(UUID id, UUID paymentId, String idempotencyKey, String status, String currency, long amount,
                     String reason, String providerRefundId, String failureReason, OffsetDateTime createdAt) {

  public static final String PENDING = "pending";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("payment_id", paymentId.toString())
        .put("status", status)
        .put("amount", amount)
        .put("currency", currency)
        .put("reason", reason)
        .put("provider_refund_id", providerRefundId)
        .put("failure_reason", failureReason)
        .put("created_at", createdAt == null ? null : createdAt.toString());
  }
}
