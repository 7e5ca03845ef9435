package io.olympus.commerce.payment.gateway.sandbox;

import io.olympus.commerce.payment.gateway.WebhookRequest;
import io.vertx.core.Future;
import java.util.UUID;

/** Where the sandbox posts its webhooks: the payment service's webhook entry point (the path real providers use). */
@FunctionalInterface
public interface SandboxWebhooks {

  Future<?> deliver(UUID tenantId, WebhookRequest request);
}
