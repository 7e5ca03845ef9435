package io.olympus.commerce.payment.gateway;

/** Releases the authorization {@code providerPaymentId}; {@code idempotencyKey} is stable across retries. */
public record VoidRequest(String reference, String providerPaymentId, String idempotencyKey) {
}
