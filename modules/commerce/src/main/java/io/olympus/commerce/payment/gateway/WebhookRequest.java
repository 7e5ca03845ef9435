package io.olympus.commerce.payment.gateway;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;

/**
 * A webhook delivery exactly as received: headers, the raw body (signatures are over the raw bytes), the full URL it
 * was posted to (Square signs it) and when it arrived (for timestamp tolerance).
 */
public record WebhookRequest(MultiMap headers, Buffer body, String url, Instant receivedAt) {
}
