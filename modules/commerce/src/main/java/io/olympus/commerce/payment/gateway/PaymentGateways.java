package io.olympus.commerce.payment.gateway;

import io.vertx.core.Future;
import java.util.UUID;

/**
 * Finds the gateway a tenant pays through: {@code provider} null means the tenant's default (the built-in sandbox
 * unless the tenant configured another). Fails with {@link GatewayException.Kind#INVALID_REQUEST} for a provider
 * the tenant has not configured.
 */
public interface PaymentGateways {

  Future<PaymentGateway> gateway(UUID tenantId, String provider);
}
