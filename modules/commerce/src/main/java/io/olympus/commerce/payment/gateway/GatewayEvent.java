package io.olympus.commerce.payment.gateway;

import java.time.Instant;

/**
 * A verified webhook delivery in provider-neutral form. {@code eventId} is the provider's event id (the inbox
 * de-duplicates on it); {@code occurredAt} orders deliveries that arrive out of order. Exactly the part that fits the
 * {@link Type} is set: {@code payment} for payment updates, {@code refund} for refund updates, {@code dispute} for
 * dispute events; {@link Type#IGNORED} carries none (an event type we do not act on, still answered 200).
 */
public record GatewayEvent(String provider, String eventId, Type type, Instant occurredAt, GatewayPayment payment,
                           GatewayRefund refund, GatewayDispute dispute) {

  public enum Type {
    PAYMENT_UPDATED,
    REFUND_UPDATED,
    DISPUTE_OPENED,
    DISPUTE_UPDATED,
    DISPUTE_CLOSED,
    IGNORED
  }
}
