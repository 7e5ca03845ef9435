package io.olympus.commerce.payment.model;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * A dispute (chargeback) of a payment: needs_response → under_review → won | lost. {@code lastEventAt} is when the
 * provider's newest applied event occurred (older deliveries arriving late are not applied over it).
 */
public record Dispute(UUID id, UUID paymentId, UUID orderId, String provider, String providerDisputeId, String status,
                      String currency, long amount, String reason, OffsetDateTime evidenceDueBy,
                      JsonObject evidence, OffsetDateTime lastEventAt, OffsetDateTime createdAt) {

  public static final String NEEDS_RESPONSE = "needs_response";
  public static final String UNDER_REVIEW = "under_review";
  public static final String WON = "won";
  public static final String LOST = "lost";

  /** Precedence of the states: a delivery never moves a dispute to a lower rank. */
  public static final Map<String, Integer> RANK = Map.of(NEEDS_RESPONSE, 0, UNDER_REVIEW, 1, WON, 2, LOST, 2);

  public boolean closed() {
    return status.equals(WON) || status.equals(LOST);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("payment_id", paymentId.toString())
        .put("order_id", orderId.toString())
        .put("provider", provider)
        .put("provider_dispute_id", providerDisputeId)
        .put("status", status)
        .put("amount", amount)
        .put("currency", currency)
        .put("reason", reason)
        .put("evidence_due_by", evidenceDueBy == null ? null : evidenceDueBy.toString())
        .put("evidence", evidence)
        .put("created_at", createdAt == null ? null : createdAt.toString());
  }
}
