package io.olympus.commerce.payment.gateway;

import io.olympus.commerce.support.Money;

/**
 * Refunds {@code amount} of the captured provider payment {@code providerPaymentId}. {@code reference} is our refund
 * id, sent as the provider's idempotency key.
 */
public record RefundRequest(String reference, String providerPaymentId, Money amount, String reason) {
}
