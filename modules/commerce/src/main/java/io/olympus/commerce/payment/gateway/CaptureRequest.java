package io.olympus.commerce.payment.gateway;

import io.olympus.commerce.support.Money;

/**
 * Captures {@code amount} (all or part of what was authorized) of the provider payment {@code providerPaymentId}.
 * {@code idempotencyKey} is ours, stable across retries of this one capture.
 */
public record CaptureRequest(String reference, String providerPaymentId, Money amount, String idempotencyKey) {
}
