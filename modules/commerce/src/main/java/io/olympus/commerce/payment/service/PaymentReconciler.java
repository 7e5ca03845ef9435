package io.olympus.commerce.payment.service;

import io.olympus.commerce.event.CommerceEvents;
import io.olympus.common.event.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.UUID;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles, every {@link PaymentConfig#reconcileIntervalMillis()}, what processing left open
 * ({@link PaymentService#reconcile}): payments pending (or with a capture or void requested) for more than
 * {@link PaymentConfig#reconcileAfterSeconds()}, expired authorizations, refunds still pending, cancelled orders whose
 * payments owe a refund or a void; and delivers the built-in sandbox's disputes that came due while no process was
 * there to time them ({@code dueDisputes}). An {@code order.cancelled} event (from the outbox relay) settles that
 * tenant's cancellations at once instead of at the next pass. One pass at a time per instance; several instances may
 * run (each settle takes the payment's row lock and is idempotent).
 */
public final class PaymentReconciler extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(PaymentReconciler.class);
  private static final int DUE_DISPUTES_PER_PASS = 100;

  private final PaymentService payments;
  private final IntFunction<Future<Integer>> dueDisputes;
  private boolean running;

  public PaymentReconciler(PaymentService payments) {
    this(payments, limit -> Future.succeededFuture(0));
  }

  /** {@code dueDisputes}: delivers at most the given number of sandbox disputes that came due; answers how many. */
  public PaymentReconciler(PaymentService payments, IntFunction<Future<Integer>> dueDisputes) {
    this.payments = payments;
    this.dueDisputes = Objects.requireNonNull(dueDisputes);
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(payments.config().reconcileIntervalMillis(), id -> pass());
    return vertx.eventBus().<JsonObject>consumer(EventEnvelope.ADDRESS_PREFIX + CommerceEvents.ORDER_CANCELLED,
            message -> cancelled(message.body()))
        .completion();
  }

  private void cancelled(JsonObject event) {
    UUID tenantId;
    try {
      tenantId = UUID.fromString(event.getString("tenant_id"));
    } catch (RuntimeException e) {
      LOG.warn("an order.cancelled event without a readable tenant_id was ignored");
      return;
    }
    payments.settleCancellations(tenantId)
        .onSuccess(done -> LOG.debug("order cancellations of tenant {} settled: {}", tenantId, done))
        .onFailure(err -> LOG.warn("order cancellations of tenant {} left for the next pass", tenantId, err));
  }

  private void pass() {
    if (running) {
      return;
    }
    running = true;
    payments.reconcile(payments.config().reconcileAfterSeconds())
        .onSuccess(done -> {
          if (done.settled() + done.expired() + done.refunds() + done.cancellations() + done.failures() > 0) {
            LOG.info("payment reconciliation: {} settled, {} expired authorizations voided, {} refunds asked again, "
                + "{} order cancellations refunded or voided, {} left for the next pass", done.settled(),
                done.expired(), done.refunds(), done.cancellations(), done.failures());
          }
        })
        .onFailure(err -> LOG.warn("payment reconciliation failed", err))
        .transform(ignored -> dueDisputes.apply(DUE_DISPUTES_PER_PASS))
        .onSuccess(delivered -> {
          if (delivered > 0) {
            LOG.info("sandbox: {} disputes that came due were delivered", delivered);
          }
        })
        .onFailure(err -> LOG.warn("sandbox disputes that came due could not be read", err))
        .onComplete(ignored -> running = false);
  }
}
