package io.olympus.commerce.payment.model;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One line of a payment's append-only money ledger, signed: authorization (+ held), authorization_release (− held),
 * capture (+ taken), refund (− given back), dispute_withdrawal (− taken by the bank), dispute_reinstatement (+ given
 * back by it), fee (− the provider's fee).
 */
public record LedgerEntry(UUID id, UUID paymentId, UUID orderId, String entryType, long amount, String currency,
                          String reference, OffsetDateTime createdAt) {

  public static final String AUTHORIZATION = "authorization";
  public static final String AUTHORIZATION_RELEASE = "authorization_release";
  public static final String CAPTURE = "capture";
  public static final String REFUND = "refund";
  public static final String DISPUTE_WITHDRAWAL = "dispute_withdrawal";
  public static final String DISPUTE_REINSTATEMENT = "dispute_reinstatement";
  public static final String FEE = "fee";

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("type", entryType)
        .put("amount", amount)
        .put("currency", currency)
        .put("reference", reference)
        .put("created_at", createdAt == null ? null : createdAt.toString());
  }
}
