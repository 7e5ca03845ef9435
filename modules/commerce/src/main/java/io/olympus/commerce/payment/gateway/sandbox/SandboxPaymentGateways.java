package io.olympus.commerce.payment.gateway.sandbox;

import io.olympus.commerce.payment.gateway.GatewayException;
import io.olympus.commerce.payment.gateway.PaymentGateway;
import io.olympus.commerce.payment.gateway.PaymentGateways;
import io.olympus.common.db.Tenancy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
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
  private final SandboxRepository repository = new SandboxRepository();
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
  public SandboxGateway sandbox(UUID tenantId) {
    return new SandboxGateway(vertx, pool, tenantId, config, (tenant, request) -> receiver.deliver(tenant, request));
  }

  /**
   * Opens and closes every tenant's sandbox disputes whose time has come and no timer of a living process took (after
   * a restart, timers are gone; the due times are stored): at most {@code limit}, each at most once. Answers how many
   * were delivered; a dispute that fails is logged and left, and another pass does not deliver it again once
   * claimed.
   */
  public Future<Integer> deliverDueDisputes(int limit) {
    return Tenancy.asSystem(pool, conn -> repository.dueDisputes(conn, limit))
        .compose(rows -> {
          Future<Integer> delivered = Future.succeededFuture(0);
          for (Row row : rows) {
            delivered = delivered.compose(sum -> deliverDue(row)
                .otherwise(err -> {
                  LOG.warn("sandbox dispute of {} could not be delivered", row.getString("reference"), err);
                  return false;
                })
                .map(done -> done ? sum + 1 : sum));
          }
          return delivered;
        });
  }

  private Future<Boolean> deliverDue(Row row) {
    SandboxGateway gateway = sandbox(row.getUUID("tenant_id"));
    return Boolean.TRUE.equals(row.getBoolean("opening")) ? gateway.openDueDispute(row.getString("reference"))
        : gateway.closeDueDispute(row.getString("dispute_id"));
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
