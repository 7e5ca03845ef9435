package io.olympus.commerce;

import io.olympus.commerce.payment.gateway.sandbox.SandboxGateway;
import io.olympus.commerce.payment.gateway.sandbox.SandboxPaymentGateways;
import io.olympus.commerce.payment.service.PaymentReconciler;
import io.olympus.commerce.payment.service.PaymentService;
import io.olympus.commerce.support.LocationDirectory;
import io.olympus.common.db.PgPools;
import io.olympus.common.service.ServiceContext;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Runs the {@link PaymentReconciler} once per process on the shared runtime-role pool, with the sandbox's disputes
 * that came due (after a restart) delivered through its payment service's webhook entry point.
 */
final class PaymentReconcilerVerticle extends VerticleBase {

  private final ServiceContext context;
  private final CommerceConfig config;

  PaymentReconcilerVerticle(ServiceContext context, CommerceConfig config) {
    this.context = context;
    this.config = config;
  }

  @Override
  public Future<?> start() {
    var pool = PgPools.service(vertx, CommerceService.NAME, context);
    PaymentService payments = CommerceServices.create(vertx, pool, config, LocationDirectory.TRUSTED).payments();
    SandboxPaymentGateways sandbox = new SandboxPaymentGateways(vertx, pool, config.payments().sandbox());
    sandbox.deliverWebhooksTo((tenant, webhook) -> payments.receiveWebhook(tenant, SandboxGateway.NAME, webhook));
    return vertx.deployVerticle(new PaymentReconciler(payments, sandbox::deliverDueDisputes));
  }
}
