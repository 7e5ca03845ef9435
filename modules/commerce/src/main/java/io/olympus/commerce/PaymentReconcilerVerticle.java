package io.olympus.commerce;

import io.olympus.commerce.payment.service.PaymentReconciler;
import io.olympus.commerce.support.LocationDirectory;
import io.olympus.common.db.PgPools;
import io.olympus.common.service.ServiceContext;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** Runs the {@link PaymentReconciler} once per process on the shared runtime-role pool. */
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
    return vertx.deployVerticle(new PaymentReconciler(
        CommerceServices.create(vertx, pool, config, LocationDirectory.TRUSTED).payments()));
  }
}
