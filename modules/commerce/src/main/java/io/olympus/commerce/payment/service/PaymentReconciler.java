package io.olympus.commerce.payment.service;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles, every {@link PaymentConfig#reconcileIntervalMillis()}, what processing left open
 * ({@link PaymentService#reconcile}): payments pending (or with a capture or void requested) for more than
 * {@link PaymentConfig#reconcileAfterSeconds()}, expired authorizations, refunds still pending. One pass at a time
 * per instance; several instances may run (each settle takes the payment's row lock and is idempotent).
 */
public final class PaymentReconciler extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(PaymentReconciler.class);

  private final PaymentService payments;
  private boolean running;

  public PaymentReconciler(PaymentService payments) {
    this.payments = payments;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(payments.config().reconcileIntervalMillis(), id -> pass());
    return Future.succeededFuture();
  }

  private void pass() {
    if (running) {
      return;
    }
    running = true;
    payments.reconcile(payments.config().reconcileAfterSeconds())
        .onSuccess(done -> {
          if (done.settled() + done.expired() + done.refunds() + done.failures() > 0) {
            LOG.info("payment reconciliation: {} settled, {} expired authorizations voided, {} refunds asked again, "
                + "{} left for the next pass", done.settled(), done.expired(), done.refunds(), done.failures());
          }
        })
        .onFailure(err -> LOG.warn("payment reconciliation failed", err))
        .onComplete(ignored -> running = false);
  }
}
