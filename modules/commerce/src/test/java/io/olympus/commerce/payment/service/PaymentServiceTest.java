package io.olympus.commerce.payment.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.olympus.commerce.event.OutboxEventSink;
import io.olympus.commerce.order.model.Order;
import io.olympus.commerce.order.service.OrderService;
import io.olympus.commerce.payment.gateway.CaptureRequest;
import io.olympus.commerce.payment.gateway.sandbox.SandboxConfig;
import io.olympus.commerce.payment.gateway.sandbox.SandboxGateway;
import io.olympus.commerce.payment.gateway.sandbox.SandboxPaymentGateways;
import io.olympus.commerce.payment.gateway.sandbox.SandboxTokens;
import io.olympus.commerce.payment.model.Payment;
import io.olympus.commerce.payment.model.ProcessPayment;
import io.olympus.commerce.payment.model.Refund;
import io.olympus.commerce.payment.repository.PaymentRepository;
import io.olympus.commerce.support.Ordering;
import io.olympus.commerce.support.Money;
import io.olympus.common.error.ApiException;
import io.olympus.common.error.ConflictException;
import io.olympus.common.error.UnavailableException;
import io.olympus.common.event.EventEnvelope;
import io.olympus.common.event.Uuids;
import io.olympus.common.testing.TestInfra;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Payment processing over the real PostgreSQL with the built-in sandbox: no double charge, no lost charge (a crash
 * between the provider's answer and our commit is reconciled to the provider's truth), retries, the breaker, capture,
 * void, expiry, refunds under concurrency.
 */
@ExtendWith(VertxExtension.class)
class PaymentServiceTest {

  private static final UUID TENANT = Uuids.v7();
  private static final UUID OTHER_TENANT = Uuids.v7();
  private static final UUID WAREHOUSE = Uuids.v7();

  private Pool pool;
  private Pool owner;
  private Ordering world;
  private ResilientGateways gateways;
  private SandboxPaymentGateways sandbox;
  private PaymentService payments;
  private UUID mug;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra.get().truncateAll();
    pool = TestInfra.get().appPool(vertx);
    owner = TestInfra.get().ownerPool(vertx);
    world = new Ordering(pool, new OutboxEventSink());
    payments = service(vertx, PaymentConfig.DEFAULTS.withResilience(2_000, 2, 20, 3, 60_000));
    mug = world.variant(TENANT, "MUG-1", 1000);
    world.stock(TENANT, mug, WAREHOUSE, 1000);
  }

  private PaymentService service(Vertx vertx, PaymentConfig config) {
    sandbox = new SandboxPaymentGateways(vertx, pool, config.sandbox());
    gateways = new ResilientGateways(vertx, sandbox, config);
    PaymentService service = new PaymentService(pool, new PaymentRepository(), world.orders, world.customers, gateways,
        new OutboxEventSink(), config);
    sandbox.deliverWebhooksTo((tenant, webhook) -> service.receiveWebhook(tenant, SandboxGateway.NAME, webhook));
    return service;
  }

  @AfterEach
  void tearDown() {
    // no order-number block may be mid-transaction when the pool closes
    world.orders.settled().await();
    owner.close().await();
    pool.close().await();
  }

  private Order order(int quantity) {
    return world.orders.create(TENANT, Ordering.order(mug, quantity)).await();
  }

  private static ProcessPayment pay(Order order, String token, String capture) {
    return ProcessPayment.fromJson(new JsonObject().put("order_id", order.id().toString()).put("currency", "EUR")
        .put("token", token).put("capture", capture));
  }

  private long count(String sql, Object... params) {
    return owner.preparedQuery(sql).execute(Tuple.from(params)).await().iterator().next().getLong(0);
  }

  private long sandboxCharges(Order order) {
    return count("SELECT count(*) FROM sandbox_payments s JOIN payments p ON p.tenant_id = s.tenant_id "
        + "AND p.id::text = s.reference WHERE p.order_id = $1", order.id());
  }

  private List<String> ledger(UUID payment) {
    List<String> lines = new ArrayList<>();
    owner.preparedQuery("SELECT entry_type, amount FROM payment_ledger WHERE payment_id = $1 ORDER BY created_at, id")
        .execute(Tuple.of(payment)).await().forEach(r -> lines.add(r.getString(0) + " " + r.getLong(1)));
    return lines;
  }

  private long events(String type, UUID aggregate) {
    return count("SELECT count(*) FROM outbox_event WHERE type = $1 AND aggregate_id = $2", type,
        aggregate.toString());
  }

  @Test
  void shouldCaptureAndMarkTheOrderPaidWithLedgerAndEventInOneTransaction() {
    Order order = order(2);

    Payment payment = payments.process(TENANT, "k1", pay(order, SandboxTokens.SUCCESS, "automatic")).await();

    assertThat(payment.status()).isEqualTo(Payment.CAPTURED);
    assertThat(payment.capturedAmount()).isEqualTo(2000);
    assertThat(world.orders.get(TENANT, order.id()).await().paymentStatus()).isEqualTo("paid");
    assertThat(ledger(payment.id())).containsExactly("authorization 2000", "capture 2000");
    assertThat(events("payment.processed", payment.id())).isEqualTo(1);
    assertThat(sandboxCharges(order)).isEqualTo(1);
  }

  @Test
  void shouldRecordADeclineWithoutChangingTheOrder() {
    Order order = order(1);

    Payment payment = payments.process(TENANT, "k1", pay(order, SandboxTokens.DECLINED, "automatic")).await();

    assertThat(payment.status()).isEqualTo(Payment.DECLINED);
    assertThat(payment.declineCode()).isEqualTo("insufficient_funds");
    assertThat(world.orders.get(TENANT, order.id()).await().paymentStatus()).isEqualTo("unpaid");
    assertThat(ledger(payment.id())).isEmpty();
    assertThat(events("payment.failed", payment.id())).isEqualTo(1);
  }

  @Test
  void shouldReconcileACrashBetweenTheProviderCallAndTheCommitToTheProvidersTruth() {
    Order order = order(3);
    payments.commitHook(p -> Future.failedFuture(new IllegalStateException("process died before the commit")));

    Throwable crash = catchThrowable(() -> payments.process(TENANT, "k1", pay(order, SandboxTokens.SUCCESS,
        "automatic")).await());
    Payment pending = payments.ofOrder(TENANT, order.id()).await().get(0);
    payments.commitHook(null);
    owner.preparedQuery("UPDATE payments SET created_at = now() - interval '10 minutes' WHERE id = $1")
        .execute(Tuple.of(pending.id())).await();
    PaymentService.Reconciled done = payments.reconcile(60).await();

    assertThat(crash).hasMessageContaining("process died");
    assertThat(pending.status()).isEqualTo(Payment.PENDING);
    assertThat(sandboxCharges(order)).isEqualTo(1);
    assertThat(done.settled()).isEqualTo(1);
    Payment settled = payments.get(TENANT, pending.id()).await();
    assertThat(settled.status()).isEqualTo(Payment.CAPTURED);
    assertThat(settled.capturedAmount()).isEqualTo(3000);
    assertThat(world.orders.get(TENANT, order.id()).await().paymentStatus()).isEqualTo("paid");
    assertThat(ledger(pending.id())).containsExactly("authorization 3000", "capture 3000");
    assertThat(events("payment.processed", pending.id())).isEqualTo(1);
    // a second pass finds nothing left, and a retry with the same key answers the settled payment, charging nothing
    assertThat(payments.reconcile(60).await().settled()).isZero();
    Payment retried = payments.process(TENANT, "k1", pay(order, SandboxTokens.SUCCESS, "automatic")).await();
    assertThat(retried.id()).isEqualTo(pending.id());
    assertThat(sandboxCharges(order)).isEqualTo(1);
    assertThat(ledger(pending.id())).hasSize(2);
  }

  @Test
  void shouldFailAPendingPaymentTheProviderNeverReceived() {
    Order order = order(1);
    Throwable timeout = catchThrowable(() -> payments.process(TENANT, "k1", pay(order, SandboxTokens.TIMEOUT,
        "automatic")).await());
    Payment pending = payments.ofOrder(TENANT, order.id()).await().get(0);
    owner.preparedQuery("UPDATE payments SET created_at = now() - interval '10 minutes' WHERE id = $1")
        .execute(Tuple.of(pending.id())).await();

    payments.reconcile(60).await();

    assertThat(timeout).isInstanceOf(UnavailableException.class);
    assertThat(((UnavailableException) timeout).retryAfterSeconds()).isPositive();
    Payment failed = payments.get(TENANT, pending.id()).await();
    assertThat(failed.status()).isEqualTo(Payment.FAILED);
    assertThat(failed.failureMessage()).contains("no record");
    assertThat(world.orders.get(TENANT, order.id()).await().paymentStatus()).isEqualTo("unpaid");
  }

  @Test
  void shouldRetryATransientFailureWithTheSameReferenceAndChargeOnce() {
    Order order = order(1);

    Payment payment = payments.process(TENANT, "k1", pay(order, SandboxTokens.FLAKY, "automatic")).await();

    assertThat(payment.status()).isEqualTo(Payment.CAPTURED);
    assertThat(count("SELECT attempts FROM sandbox_payments WHERE reference = $1", payment.id().toString()))
        .isEqualTo(2);
    assertThat(sandboxCharges(order)).isEqualTo(1);
  }

  @Test
  void shouldChargeOnceWhenTheSameKeyIsSentConcurrentlyAndRepeatedly() {
    Order order = order(1);
    List<Future<Payment>> attempts = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      attempts.add(payments.process(TENANT, "same-key", pay(order, SandboxTokens.SUCCESS, "automatic")));
    }
    Future.join(attempts).otherwiseEmpty().await();
    for (int i = 0; i < 5; i++) {
      payments.process(TENANT, "same-key", pay(order, SandboxTokens.SUCCESS, "automatic")).await();
    }

    assertThat(attempts.stream().filter(Future::succeeded).map(f -> f.result().id()).distinct()).hasSize(1);
    assertThat(count("SELECT count(*) FROM payments WHERE order_id = $1", order.id())).isEqualTo(1);
    assertThat(sandboxCharges(order)).isEqualTo(1);
    assertThat(world.orders.get(TENANT, order.id()).await().paidAmount()).isEqualTo(1000);
  }

  @Test
  void shouldNeverChargeMoreThanTheOrderUnderConcurrentPaymentsWithDifferentKeys() {
    Order order = order(1);
    List<Future<Payment>> attempts = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      attempts.add(payments.process(TENANT, "key-" + i, pay(order, SandboxTokens.SUCCESS, "automatic")));
    }
    Future.join(attempts).otherwiseEmpty().await();

    assertThat(attempts.stream().filter(Future::succeeded).count()).isEqualTo(1);
    assertThat(attempts.stream().filter(Future::failed).map(Future::cause))
        .allSatisfy(err -> assertThat(((ApiException) err).status()).isEqualTo(409));
    assertThat(sandboxCharges(order)).isEqualTo(1);
    assertThat(world.orders.get(TENANT, order.id()).await().paidAmount()).isEqualTo(1000);
  }

  @Test
  void shouldCaptureAPartOfAnAuthorizationAndReleaseTheRest() {
    Order order = order(2);
    Payment authorized = payments.process(TENANT, "k1", pay(order, SandboxTokens.SUCCESS, "manual")).await();

    Payment captured = payments.capture(TENANT, authorized.id(), 1500L).await();

    assertThat(authorized.status()).isEqualTo(Payment.AUTHORIZED);
    assertThat(authorized.authorizationExpiresAt()).isNotNull();
    assertThat(captured.status()).isEqualTo(Payment.CAPTURED);
    assertThat(captured.capturedAmount()).isEqualTo(1500);
    assertThat(ledger(authorized.id())).containsExactly("authorization 2000", "capture 1500",
        "authorization_release -500");
    Order after = world.orders.get(TENANT, order.id()).await();
    assertThat(after.paymentStatus()).isEqualTo("partially_paid");
    assertThat(after.paidAmount()).isEqualTo(1500);
    assertThat(catchThrowable(() -> payments.capture(TENANT, authorized.id(), null).await()))
        .isInstanceOf(ApiException.class).hasMessageContaining("only an authorized");
  }

  @Test
  void shouldVoidAnAuthorization() {
    Order order = order(1);
    Payment authorized = payments.process(TENANT, "k1", pay(order, SandboxTokens.AUTHORIZE_ONLY, "automatic"))
        .await();

    Payment voided = payments.voidPayment(TENANT, authorized.id()).await();

    assertThat(authorized.status()).isEqualTo(Payment.AUTHORIZED);
    assertThat(voided.status()).isEqualTo(Payment.VOIDED);
    assertThat(ledger(authorized.id())).containsExactly("authorization 1000", "authorization_release -1000");
    assertThat(world.orders.get(TENANT, order.id()).await().paymentStatus()).isEqualTo("voided");
    assertThat(events("payment.voided", authorized.id())).isEqualTo(1);
  }

  @Test
  void shouldVoidAndReportAnAuthorizationThatExpired() {
    Order order = order(1);
    Payment authorized = payments.process(TENANT, "k1", pay(order, SandboxTokens.SUCCESS, "manual")).await();
    owner.preparedQuery("UPDATE payments SET authorization_expires_at = now() - interval '1 minute' WHERE id = $1")
        .execute(Tuple.of(authorized.id())).await();

    PaymentService.Reconciled done = payments.reconcile(60).await();

    assertThat(done.expired()).isEqualTo(1);
    Payment voided = payments.get(TENANT, authorized.id()).await();
    assertThat(voided.status()).isEqualTo(Payment.VOIDED);
    assertThat(voided.failureMessage()).isEqualTo("authorization_expired");
    assertThat(count("SELECT count(*) FROM outbox_event WHERE type = 'payment.voided' "
        + "AND payload->>'reason' = 'authorization_expired' AND aggregate_id = $1", authorized.id().toString()))
        .isEqualTo(1);
  }

  @Test
  void shouldSettleAPendingPaymentOnceTheProviderHasSettledIt() {
    Order order = order(1);
    Payment pending = payments.process(TENANT, "k1", pay(order, SandboxTokens.PENDING, "automatic")).await();
    owner.preparedQuery("UPDATE sandbox_payments SET settles_at = now() - interval '1 second'").execute().await();
    owner.preparedQuery("UPDATE payments SET created_at = now() - interval '10 minutes'").execute().await();

    payments.reconcile(60).await();

    assertThat(pending.status()).isEqualTo(Payment.PENDING);
    assertThat(payments.get(TENANT, pending.id()).await().status()).isEqualTo(Payment.CAPTURED);
    assertThat(world.orders.get(TENANT, order.id()).await().paymentStatus()).isEqualTo("paid");
  }

  @Test
  void shouldNeverRefundMoreThanWasCapturedUnderConcurrentRefunds() {
    Order order = order(2);
    Payment payment = payments.process(TENANT, "k1", pay(order, SandboxTokens.SUCCESS, "automatic")).await();
    List<Future<Refund>> refunds = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      refunds.add(payments.refund(TENANT, payment.id(), "r-" + i, 300L, "returned", true));
    }
    Future.join(refunds).otherwiseEmpty().await();

    assertThat(refunds.stream().filter(Future::succeeded).count()).isEqualTo(6);
    Payment after = payments.get(TENANT, payment.id()).await();
    assertThat(after.refundedAmount()).isEqualTo(1800);
    assertThat(count("SELECT coalesce(sum(amount), 0) FROM sandbox_refunds")).isEqualTo(1800);
    assertThat(count("SELECT coalesce(sum(amount), 0) FROM payment_ledger WHERE entry_type = 'refund'"))
        .isEqualTo(-1800);
    Order partly = world.orders.get(TENANT, order.id()).await();
    assertThat(partly.paymentStatus()).isEqualTo("partially_refunded");
    assertThat(partly.paidAmount()).isEqualTo(200);

    Refund rest = payments.refund(TENANT, payment.id(), "r-rest", null, null, true).await();
    Refund again = payments.refund(TENANT, payment.id(), "r-rest", null, null, true).await();

    assertThat(rest.amount()).isEqualTo(200);
    assertThat(again.id()).isEqualTo(rest.id());
    assertThat(world.orders.get(TENANT, order.id()).await().paymentStatus()).isEqualTo("refunded");
    assertThat(events("payment.refunded", payment.id())).isEqualTo(7);
  }

  @Test
  void shouldRefuseARefundAboveTheTenantsLimitWithoutTheLargeRefundPermission() {
    Order order = order(2);
    Payment payment = payments.process(TENANT, "k1", pay(order, SandboxTokens.SUCCESS, "automatic")).await();
    payments.saveSettings(TENANT, new JsonObject().put("EUR", 500)).await();

    Throwable refused = catchThrowable(() -> payments.refund(TENANT, payment.id(), "r1", 600L, null, false).await());
    Refund small = payments.refund(TENANT, payment.id(), "r2", 500L, null, false).await();
    Refund large = payments.refund(TENANT, payment.id(), "r3", 600L, null, true).await();

    assertThat(((ApiException) refused).status()).isEqualTo(403);
    assertThat(refused).hasMessageContaining("payments:refund_large");
    assertThat(small.status()).isEqualTo(Refund.SUCCEEDED);
    assertThat(large.status()).isEqualTo(Refund.SUCCEEDED);
  }

  @Test
  void shouldOpenTheBreakerWhileTheProviderIsDownAndCloseItOnRecovery(Vertx vertx) {
    PaymentService fragile = service(vertx, PaymentConfig.DEFAULTS.withResilience(2_000, 0, 1, 2, 300));
    Order down = order(1);
    for (int i = 0; i < 2; i++) {
      String key = "down-" + i;
      Throwable err = catchThrowable(() -> fragile.process(TENANT, key, pay(down, SandboxTokens.TIMEOUT,
          "automatic")).await());
      assertThat(err).isInstanceOf(UnavailableException.class);
      owner.preparedQuery("UPDATE payments SET status = 'failed' WHERE order_id = $1").execute(Tuple.of(down.id()))
          .await();
    }
    Order healthy = order(1);

    Throwable open = catchThrowable(() -> fragile.process(TENANT, "up-1", pay(healthy, SandboxTokens.SUCCESS,
        "automatic")).await());
    Payment other = fragile.process(OTHER_TENANT, "x", pay(order(OTHER_TENANT), SandboxTokens.SUCCESS, "automatic"))
        .await();

    assertThat(open).isInstanceOf(UnavailableException.class).hasMessageContaining("circuit open");
    assertThat(((UnavailableException) open).retryAfterSeconds()).isPositive();
    assertThat(gateways.state(TENANT, "sandbox")).isEqualTo(CircuitBreakerState.OPEN);
    assertThat(other.status()).isEqualTo(Payment.CAPTURED);
    // the breaker probes again after its reset time; the pending payment's retry with the same key then goes through
    Payment recovered = null;
    long deadline = System.currentTimeMillis() + 10_000;
    while (recovered == null && System.currentTimeMillis() < deadline) {
      vertx.timer(100).await();
      Future<Payment> attempt = fragile.process(TENANT, "up-1", pay(healthy, SandboxTokens.SUCCESS, "automatic"));
      recovered = attempt.otherwiseEmpty().await();
    }
    assertThat(recovered).isNotNull();
    assertThat(recovered.status()).isEqualTo(Payment.CAPTURED);
    assertThat(gateways.state(TENANT, "sandbox")).isEqualTo(CircuitBreakerState.CLOSED);
    assertThat(sandboxCharges(healthy)).isEqualTo(1);
  }

  /**
   * The sandbox's dispute timers are stored: a process that took a payment with the dispute token stops before the
   * dispute is due (its in-process timer an hour away dies with it); after the restart the reconciler's pass delivers
   * the dispute once, and the same for the close after evidence.
   */
  @Test
  void shouldDeliverASandboxDisputeDueBeforeARestartOnceAfterIt(Vertx vertx) {
    PaymentConfig anHourLater = new PaymentConfig(2_000, 2, 20, 3, 60_000, 15_000, 60, 7,
        new SandboxConfig(SandboxConfig.DEFAULT_SECRET, 3_600_000, 2_000));
    PaymentService before = service(vertx, anHourLater);
    Order order = order(1);
    Payment paid = before.process(TENANT, "k1", pay(order, SandboxTokens.DISPUTE, "automatic")).await();
    int notYetDue = sandbox.deliverDueDisputes(100).await();
    owner.preparedQuery("UPDATE sandbox_payments SET dispute_opens_at = now() - interval '1 second' "
        + "WHERE reference = $1").execute(Tuple.of(paid.id().toString())).await();

    PaymentService restarted = service(vertx, anHourLater);
    int opened = sandbox.deliverDueDisputes(100).await();
    int openedAgain = sandbox.deliverDueDisputes(100).await();

    assertThat(paid.status()).isEqualTo(Payment.CAPTURED);
    assertThat(notYetDue).isZero();
    assertThat(opened).isEqualTo(1);
    assertThat(openedAgain).isZero();
    assertThat(count("SELECT count(*) FROM payment_disputes WHERE payment_id = $1 AND status = 'needs_response'",
        paid.id())).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM outbox_event WHERE type = 'dispute.opened' AND tenant_id = $1", TENANT))
        .isEqualTo(1);
    assertThat(ledger(paid.id())).containsExactly("authorization 1000", "capture 1000", "dispute_withdrawal -1000");

    UUID disputeId = owner.preparedQuery("SELECT id FROM payment_disputes WHERE payment_id = $1")
        .execute(Tuple.of(paid.id())).await().iterator().next().getUUID(0);
    restarted.submitEvidence(TENANT, disputeId, Map.of("uncategorized_text", "receipt: "
        + SandboxTokens.WINNING_EVIDENCE), true).await();
    owner.preparedQuery("UPDATE sandbox_payments SET dispute_closes_at = now() - interval '1 second' "
        + "WHERE reference = $1").execute(Tuple.of(paid.id().toString())).await();
    service(vertx, anHourLater);
    int closed = sandbox.deliverDueDisputes(100).await();
    int closedAgain = sandbox.deliverDueDisputes(100).await();

    assertThat(closed).isEqualTo(1);
    assertThat(closedAgain).isZero();
    assertThat(restarted.dispute(TENANT, disputeId).await().status()).isEqualTo("won");
    assertThat(count("SELECT count(*) FROM outbox_event WHERE type = 'dispute.closed' AND tenant_id = $1", TENANT))
        .isEqualTo(1);
    assertThat(ledger(paid.id())).containsExactly("authorization 1000", "capture 1000", "dispute_withdrawal -1000",
        "dispute_reinstatement 1000");
  }

  /**
   * Cancelling a paid order refunds it through the payment slice exactly once, however the cancellation, a manual
   * refund and several settles of the cancellation (the event's and the reconciler's) interleave: never more than
   * was captured, and in the end everything that was paid.
   */
  @Test
  void shouldRefundACancelledPaidOrderExactlyOnceWhileAManualRefundAndSettlesRace() {
    Order order = order(2);
    Payment paid = payments.process(TENANT, "k1", pay(order, SandboxTokens.SUCCESS, "automatic")).await();

    List<Future<?>> racing = new ArrayList<>();
    racing.add(world.orders.cancel(TENANT, order.id(), OrderService.ANY_VERSION, "changed my mind"));
    racing.add(payments.refund(TENANT, paid.id(), "manual-1", 1500L, "goodwill", true));
    for (int i = 0; i < 3; i++) {
      racing.add(payments.settleCancellation(TENANT, order.id()));
    }
    Future.join(racing).otherwiseEmpty().await();
    PaymentService.Reconciled pass = payments.settleCancellations(TENANT).await();
    PaymentService.Reconciled nextPass = payments.settleCancellations(TENANT).await();

    Order cancelled = world.orders.get(TENANT, order.id()).await();
    Payment refunded = payments.get(TENANT, paid.id()).await();
    assertThat(racing.get(0).succeeded()).isTrue();
    assertThat(refunded.refundedAmount()).isEqualTo(2000);
    assertThat(count("SELECT coalesce(sum(amount), 0) FROM payment_refunds WHERE payment_id = $1 "
        + "AND status = 'succeeded'", paid.id())).isEqualTo(2000);
    assertThat(count("SELECT count(*) FROM payment_refunds WHERE payment_id = $1 AND status <> 'succeeded'",
        paid.id())).isZero();
    assertThat(count("SELECT coalesce(sum(amount), 0) FROM sandbox_refunds WHERE provider_payment_id = "
        + "(SELECT provider_payment_id FROM payments WHERE id = $1)", paid.id())).isEqualTo(2000);
    assertThat(ledger(paid.id()).stream().filter(l -> l.startsWith("refund "))
        .mapToLong(l -> Long.parseLong(l.substring(7))).sum()).isEqualTo(-2000);
    assertThat(cancelled.status()).isEqualTo("cancelled");
    assertThat(cancelled.paymentStatus()).isEqualTo("refunded");
    assertThat(cancelled.paidAmount()).isZero();
    assertThat(cancelled.refundOwedAmount()).isZero();
    assertThat(pass.failures()).isZero();
    assertThat(nextPass.cancellations()).isZero();
  }

  @Test
  void shouldVoidTheAuthorizationOfACancelledOrderOnceAndRefuseToCaptureIt() {
    Order order = order(1);
    Payment held = payments.process(TENANT, "k1", pay(order, SandboxTokens.SUCCESS, "manual")).await();
    world.orders.cancel(TENANT, order.id(), OrderService.ANY_VERSION, "out of stock").await();

    Throwable capture = catchThrowable(() -> payments.capture(TENANT, held.id(), null).await());
    PaymentService.CancellationSettled settled = payments.settleCancellation(TENANT, order.id()).await();
    PaymentService.CancellationSettled again = payments.settleCancellation(TENANT, order.id()).await();

    assertThat(held.status()).isEqualTo(Payment.AUTHORIZED);
    assertThat(capture).isInstanceOf(ConflictException.class).hasMessageContaining("cancelled");
    assertThat(settled.voided()).extracting(Payment::status).containsExactly(Payment.VOIDED);
    assertThat(settled.refunds()).isEmpty();
    assertThat(again.voided()).isEmpty();
    assertThat(again.refunds()).isEmpty();
    assertThat(payments.get(TENANT, held.id()).await().status()).isEqualTo(Payment.VOIDED);
    assertThat(ledger(held.id())).containsExactly("authorization 1000", "authorization_release -1000");
    assertThat(count("SELECT count(*) FROM sandbox_payments WHERE reference = $1 AND status = 'voided'",
        held.id().toString())).isEqualTo(1);
    assertThat(events("payment.voided", held.id())).isEqualTo(1);
    assertThat(world.orders.get(TENANT, order.id()).await().paymentStatus()).isEqualTo("voided");
    assertThat(payments.settleCancellations(TENANT).await().cancellations()).isZero();
  }

  @Test
  void shouldRefundACancelledOrderAsSoonAsItsCancellationEventArrives(Vertx vertx) {
    Order order = order(1);
    Payment paid = payments.process(TENANT, "k1", pay(order, SandboxTokens.SUCCESS, "automatic")).await();
    world.orders.cancel(TENANT, order.id(), OrderService.ANY_VERSION, "changed my mind").await();
    vertx.deployVerticle(new PaymentReconciler(payments)).await();

    vertx.eventBus().publish(EventEnvelope.ADDRESS_PREFIX + "order.cancelled", EventEnvelope.of("order.cancelled",
        TENANT, "order", order.id().toString(), null, new JsonObject()).toJson());
    vertx.eventBus().publish(EventEnvelope.ADDRESS_PREFIX + "order.cancelled", new JsonObject().put("tenant_id", "?"));
    long refunded = 0;
    long deadline = System.currentTimeMillis() + 30_000;
    while (refunded == 0 && System.currentTimeMillis() < deadline) {
      vertx.timer(50).await();
      refunded = payments.get(TENANT, paid.id()).await().refundedAmount();
    }

    assertThat(refunded).isEqualTo(1000);
    assertThat(world.orders.get(TENANT, order.id()).await().paymentStatus()).isEqualTo("refunded");
    assertThat(count("SELECT count(*) FROM payment_refunds WHERE payment_id = $1 AND idempotency_key LIKE "
        + "'order-cancel:%' AND reason = 'order_cancelled'", paid.id())).isEqualTo(1);
  }

  /**
   * A capture already in flight when the order was cancelled (and its authorization voided on the order) lands
   * afterwards: the order follows it from voided to paid, owes it back, and the cancellation's settle refunds it.
   */
  @Test
  void shouldGiveBackACaptureThatLandsAfterTheCancellation() {
    Order order = order(1);
    Payment held = payments.process(TENANT, "k1", pay(order, SandboxTokens.SUCCESS, "manual")).await();
    world.orders.cancel(TENANT, order.id(), OrderService.ANY_VERSION, "changed my mind").await();
    sandbox.sandbox(TENANT).capture(new CaptureRequest(held.id().toString(), held.providerPaymentId(),
        new Money(1000, "EUR"), "capture:" + held.id())).await();

    Payment landed = payments.resettle(TENANT, held).await();
    Order owing = world.orders.get(TENANT, order.id()).await();
    PaymentService.Reconciled pass = payments.settleCancellations(TENANT).await();

    assertThat(landed.status()).isEqualTo(Payment.CAPTURED);
    assertThat(owing.paymentStatus()).isEqualTo("paid");
    assertThat(owing.refundOwedAmount()).isEqualTo(1000);
    assertThat(pass.cancellations()).isEqualTo(1);
    Order settled = world.orders.get(TENANT, order.id()).await();
    assertThat(settled.paymentStatus()).isEqualTo("refunded");
    assertThat(settled.refundOwedAmount()).isZero();
    assertThat(payments.get(TENANT, held.id()).await().refundedAmount()).isEqualTo(1000);
  }

  private Order order(UUID tenant) {
    UUID cup = world.variant(tenant, "CUP-1", 700);
    world.stock(tenant, cup, WAREHOUSE, 10);
    return world.orders.create(tenant, Ordering.order(cup, 1)).await();
  }

  @Test
  void shouldKeepEachTenantsPaymentsToItself() {
    Order order = order(1);
    Payment payment = payments.process(TENANT, "k1", pay(order, SandboxTokens.SUCCESS, "automatic")).await();

    Throwable read = catchThrowable(() -> payments.get(OTHER_TENANT, payment.id()).await());
    Throwable refund = catchThrowable(() -> payments.refund(OTHER_TENANT, payment.id(), "r", null, null, true)
        .await());
    long visible = Future.<Long>succeededFuture().compose(v -> io.olympus.common.db.Tenancy.readInTenant(pool,
        OTHER_TENANT, conn -> conn.query("SELECT (SELECT count(*) FROM payments) + (SELECT count(*) FROM "
            + "payment_ledger) + (SELECT count(*) FROM sandbox_payments) + (SELECT count(*) FROM payment_refunds)")
            .execute().map(rows -> rows.iterator().next().getLong(0)))).await();

    assertThat(((ApiException) read).status()).isEqualTo(404);
    assertThat(((ApiException) refund).status()).isEqualTo(404);
    assertThat(visible).isZero();
  }
}
