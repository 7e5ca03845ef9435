package io.olympus.commerce.payment.gateway.sandbox;

import io.olympus.commerce.payment.gateway.GatewayException;
import io.olympus.commerce.payment.gateway.PaymentGateway;
import io.olympus.commerce.payment.gateway.PaymentGateways;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateways of a process that knows only the built-in sandbox: every tenant pays through it; naming another
 * provider fails with {@link GatewayException.Kind#INVALID_REQUEST}. The sandbox's webhooks go to the receiver set
 * with {@link #deliverWebhooksTo} (the payment service), through the same path as real providers' webhooks.
 */
public final class SandboxPaymentGateways implements PaymentGateways {

  private static final Logger LOG = LoggerFactory.getLogger(SandboxPaymentGateways.class);

  private final Vertx vertx;
  private final Pool pool;
  private final SandboxConfig config;
  private volatile SandboxWebhooks receiver = (tenant, request) -> {
    LOG.warn("a sandbox webhook for tenant {} was dropped: no receiver", tenant);
    return Future.succeededFuture();
  };

  public SandboxPaymentGateways(Vertx vertx, Pool pool, SandboxConfig config) {
    this.vertx = Objects.requireNonNull(vertx);
    this.pool = Objects.requireNonNull(pool);
    this.config = Objects.requireNonNull(config);
  }

  /** The sandbox of {@code tenantId}. */
  public PaymentGateway sandbox(UUID tenantId) {
    return new SandboxGateway(vertx, pool, tenantId, config, (tenant, request) -> receiver.deliver(tenant, request));
  }

  /** Sends the sandbox's webhooks to {@code webhooks} from now on. */
  public void deliverWebhooksTo(SandboxWebhooks webhooks) {
    this.receiver = Objects.requireNonNull(webhooks);
  }

  public SandboxConfig config() {
    return config;
  }

  @Override
  public Future<PaymentGateway> gateway(UUID tenantId, String provider) {
    if (provider == null || provider.equals(SandboxGateway.NAME)) {
      return Future.succeededFuture(sandbox(tenantId));
    }
    return Future.failedFuture(new GatewayException(GatewayException.Kind.INVALID_REQUEST, provider,
        "provider " + provider + " is not configured for this tenant"));
  }
}
