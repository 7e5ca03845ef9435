package io.olympus.commerce.payment.gateway;

import io.olympus.commerce.support.Money;
import java.util.Map;

/**
 * An authorization (and capture, when automatic) of {@code amount}. {@code reference} is our payment id, sent as the
 * provider's idempotency key; {@code paymentMethod} is a provider token or saved method reference, never a card
 * number; {@code customerReference} is the provider's customer id when the method is saved to one (may be null).
 */
public record AuthorizeRequest(String reference, Money amount, String paymentMethod, CaptureMode capture,
                               String customerReference, String description, Map<String, String> metadata) {
}
