package io.olympus.commerce.order.model;

import java.util.Objects;
import java.util.UUID;

/**
 * A movement of a provider payment that changes an order (applied by the payment slice through
 * {@code OrderService.applyPayment}): {@code amount} in the order's minor units; {@code detail} is free text for the
 * history (a dispute's status, an expiry), may be null.
 */
public record PaymentMovement(Kind kind, UUID paymentId, long amount, String detail) {

  public enum Kind {
    AUTHORIZED("authorized"),
    CAPTURED("captured"),
    VOIDED("voided"),
    REFUNDED("refunded"),
    DISPUTE_OPENED("dispute_opened"),
    DISPUTE_CLOSED("dispute_closed");

    private final String slug;

    Kind(String slug) {
      this.slug = slug;
    }

    public String slug() {
      return slug;
    }
  }

  public PaymentMovement {
    Objects.requireNonNull(kind);
    Objects.requireNonNull(paymentId);
  }
}
