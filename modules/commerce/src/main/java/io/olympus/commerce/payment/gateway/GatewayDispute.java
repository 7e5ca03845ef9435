package io.olympus.commerce.payment.gateway;

import io.olympus.commerce.support.Money;
import java.time.Instant;

/**
 * A dispute (chargeback) as the provider reports it. {@code evidenceDueBy} may be null.
 */
public record GatewayDispute(String providerDisputeId, String providerPaymentId, Status status, Money amount,
                             String reason, Instant evidenceDueBy) {

  public enum Status {
    NEEDS_RESPONSE,
    UNDER_REVIEW,
    WON,
    LOST
  }
}
