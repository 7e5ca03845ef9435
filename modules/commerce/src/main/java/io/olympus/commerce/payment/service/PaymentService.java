package io.olympus.commerce.payment.service;

import io.olympus.commerce.customer.service.CustomerService;
import io.olympus.commerce.event.CommerceEvents;
import io.olympus.commerce.event.EventSink;
import io.olympus.commerce.order.model.Order;
import io.olympus.commerce.order.model.OrderTransitions;
import io.olympus.commerce.order.model.PaymentMovement;
import io.olympus.commerce.order.service.OrderService;
import io.olympus.commerce.payment.gateway.AuthorizeRequest;
import io.olympus.commerce.payment.gateway.CaptureRequest;
import io.olympus.commerce.payment.gateway.DisputeEvidenceRequest;
import io.olympus.commerce.payment.gateway.GatewayDispute;
import io.olympus.commerce.payment.gateway.GatewayEvent;
import io.olympus.commerce.payment.gateway.GatewayException;
import io.olympus.commerce.payment.gateway.GatewayPayment;
import io.olympus.commerce.payment.gateway.GatewayRefund;
import io.olympus.commerce.payment.gateway.PaymentGateway;
import io.olympus.commerce.payment.gateway.PaymentGateways;
import io.olympus.commerce.payment.gateway.RefundRequest;
import io.olympus.commerce.payment.gateway.VoidRequest;
import io.olympus.commerce.payment.gateway.WebhookRequest;
import io.olympus.commerce.payment.model.Dispute;
import io.olympus.commerce.payment.model.LedgerEntry;
import io.olympus.commerce.payment.model.LedgerMismatch;
import io.olympus.commerce.payment.model.Payment;
import io.olympus.commerce.payment.model.PaymentMethod;
import io.olympus.commerce.payment.model.ProcessPayment;
import io.olympus.commerce.payment.model.Refund;
import io.olympus.commerce.payment.repository.PaymentRepository;
import io.olympus.commerce.support.Money;
import io.olympus.common.db.PgErrors;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.ApiException;
import io.olympus.common.error.ConflictException;
import io.olympus.common.error.ForbiddenException;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.error.ValidationException;
import io.olympus.common.event.EventEnvelope;
import io.olympus.common.event.Uuids;
import io.olympus.common.outbox.Inbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Payments of orders through the tenant's provider, never charging twice and never losing a charge.
 *
 * <p>Processing runs in three steps: (1) a transaction that locks the order, checks what is still owed (total less
 * paid less what pending and authorized payments hold) and commits a {@code pending} payment row with our id —
 * once per idempotency key; (2) the provider call, carrying our payment id as its reference and idempotency key;
 * (3) one transaction that writes the provider's answer on the payment, its ledger lines, the order's
 * {@code payment_status} (through {@link OrderService#applyPayment}, in this same transaction) and
 * {@code payment.processed} or {@code payment.failed}. When (3) never happens (a crash, a timeout after the provider
 * acted) the {@link PaymentReconciler} settles the row from the provider's record, found by our reference; the same
 * merge ({@link #apply}) serves the reconciler and the providers' webhooks, and it is idempotent: a movement the
 * payment already shows is never applied again. Captures and voids mark the payment with the requested action before
 * calling the provider (key {@code capture:<id>} / {@code void:<id>}), refunds commit a pending refund row first
 * (its id is the provider's key), under the payment's row lock, so concurrent refunds never exceed what was
 * captured.
 */
public final class PaymentService {

  /** A seam for tests: runs last in the transaction that records a provider's answer; a failure rolls it back. */
  @FunctionalInterface
  public interface CommitHook {
    CommitHook NONE = payment -> Future.succeededFuture();

    Future<Void> beforeCommit(Payment payment);
  }

  /** A payment and what its provider answered (or why it refused), carried from the call to the commit. */
  public record Attempt(Payment payment, GatewayPayment answer, GatewayException refusal) {}

  /** A refund and what its provider answered (or why it refused). */
  public record RefundAttempt(Refund refund, GatewayRefund answer, GatewayException refusal) {}

  /** What one reconciliation pass did ({@code cancellations}: cancelled orders whose refunds or voids it asked for). */
  public record Reconciled(int settled, int expired, int refunds, int cancellations, int failures) {

    Reconciled plus(Reconciled other) {
      return new Reconciled(settled + other.settled, expired + other.expired, refunds + other.refunds,
          cancellations + other.cancellations, failures + other.failures);
    }
  }

  /** What settling an order's cancellation did: the authorizations it voided and the refunds it made. */
  public record CancellationSettled(List<Payment> voided, List<Refund> refunds) {}

  /** What a cancellation claims under the order's payment locks, before any provider is called. */
  private record CancellationClaims(List<Payment> voids, List<Refund> refunds) {}

  /** The reason given to the provider and recorded on refunds and voids a cancellation asks for. */
  public static final String ORDER_CANCELLED = "order_cancelled";
  /** The prefix of the idempotency keys of refunds a cancellation asks for. */
  public static final String CANCEL_REFUND_KEY = "order-cancel:";

  private static final Logger LOG = LoggerFactory.getLogger(PaymentService.class);
  private static final int BATCH = 100;

  private final Pool pool;
  private final PaymentRepository payments;
  private final OrderService orders;
  private final CustomerService customers;
  private final PaymentGateways gateways;
  private final EventSink events;
  private final PaymentConfig config;
  private volatile CommitHook hook = CommitHook.NONE;

  public PaymentService(Pool pool, PaymentRepository payments, OrderService orders, CustomerService customers,
                        PaymentGateways gateways, EventSink events, PaymentConfig config) {
    this.pool = pool;
    this.payments = payments;
    this.orders = orders;
    this.customers = customers;
    this.gateways = gateways;
    this.events = events;
    this.config = config;
  }

  /** Replaces the test seam (tests only). */
  public void commitHook(CommitHook hook) {
    this.hook = hook == null ? CommitHook.NONE : hook;
  }

  public PaymentConfig config() {
    return config;
  }

  // ---------------------------------------------------------------- processing

  /**
   * Steps (1) and (2) of a payment: commits the pending row (or finds the one of {@code key}) and calls the provider
   * unless the payment is already settled. Fails with ValidationException (unknown order, other currency, amount
   * above what is owed, unknown provider or saved method), ConflictException (the order takes no payment, nothing is
   * owed), UnavailableException (the provider did not answer; the payment stays pending for the reconciler).
   */
  public Future<Attempt> prepare(UUID tenantId, String key, ProcessPayment input) {
    return method(tenantId, input)
        .compose(method -> gateways.gateway(tenantId, method.provider())
            .recover(err -> Future.failedFuture(err instanceof GatewayException
                ? new ValidationException("provider", err.getMessage()) : err))
            .compose(gateway -> Tenancy.inTenant(pool, tenantId, conn -> payments.findByKey(conn, tenantId, key)
                    .compose(existing -> existing.isPresent() ? Future.succeededFuture(same(existing.get(), input))
                        : open(conn, tenantId, key, input, gateway.provider(), method)))
                .compose(payment -> !payment.status().equals(Payment.PENDING)
                    ? Future.succeededFuture(new Attempt(payment, null, null))
                    : authorize(gateway, tenantId, payment, method))));
  }

  /**
   * Step (3): records the provider's answer of {@code attempt} in the caller's transaction (idempotent: a payment the
   * reconciler or a webhook settled meanwhile is answered as it is).
   */
  public Future<Payment> settleIn(SqlConnection conn, UUID tenantId, Attempt attempt) {
    return locked(conn, tenantId, attempt.payment().id())
        .compose(current -> {
          if (attempt.refusal() != null) {
            return fail(conn, tenantId, current, attempt.refusal().getMessage());
          }
          if (attempt.answer() == null) {
            return Future.succeededFuture(current);
          }
          return apply(conn, tenantId, current, attempt.answer(), null);
        })
        .compose(payment -> hook.beforeCommit(payment).map(payment));
  }

  /** All three steps (service callers and tests; the HTTP route runs them inside its idempotency key). */
  public Future<Payment> process(UUID tenantId, String key, ProcessPayment input) {
    return prepare(tenantId, key, input)
        .compose(attempt -> Tenancy.inTenant(pool, tenantId, conn -> settleIn(conn, tenantId, attempt)));
  }

  /** The payment of a repeated key, when the request is the same payment; 422 when the key was used for another. */
  private static Payment same(Payment existing, ProcessPayment input) {
    if (!existing.orderId().equals(input.orderId()) || !existing.currency().equals(input.currency())
        || input.amount() != null && input.amount() != existing.amount()) {
      throw new ApiException(422, "idempotency-key-reused", "Unprocessable Content",
          "this Idempotency-Key was used for another payment");
    }
    return existing;
  }

  /** The resolved payment method: the provider reference to charge, its customer reference and provider. */
  private record Method(String provider, String reference, String customerReference) {}

  private Future<Method> method(UUID tenantId, ProcessPayment input) {
    if (input.token() != null) {
      return Future.succeededFuture(new Method(input.provider(), input.token(), null));
    }
    UUID saved;
    try {
      saved = UUID.fromString(input.paymentMethod());
    } catch (IllegalArgumentException e) {
      return Future.succeededFuture(new Method(input.provider(), input.paymentMethod(), null));
    }
    return Tenancy.readInTenant(pool, tenantId, conn -> payments.method(conn, tenantId, saved))
        .compose(found -> {
          if (found.isEmpty()) {
            return Future.failedFuture(new ValidationException("payment_method", "is not a saved payment method"));
          }
          PaymentMethod m = found.get();
          if (input.provider() != null && !input.provider().equals(m.provider())) {
            return Future.failedFuture(new ValidationException("provider", "the saved method belongs to "
                + m.provider()));
          }
          return Future.succeededFuture(new Method(m.provider(), m.reference(), m.customerReference()));
        });
  }

  private Future<Payment> open(SqlConnection conn, UUID tenantId, String key, ProcessPayment input, String provider,
                               Method method) {
    return orders.lockForPayment(conn, tenantId, input.orderId())
        .recover(err -> Future.failedFuture(err instanceof NotFoundException
            ? new ValidationException("order_id", "is not an order of this store") : err))
        .compose(order -> payments.inFlight(conn, tenantId, order.id()).compose(inFlight -> {
          if (!order.currency().equals(input.currency())) {
            throw new ValidationException("currency", "must be the order's currency " + order.currency());
          }
          if (!(order.status().equals(OrderTransitions.OPEN) || order.status().equals(OrderTransitions.COMPLETED))
              || !List.of(OrderTransitions.UNPAID, OrderTransitions.AUTHORIZED, OrderTransitions.PARTIALLY_PAID)
                  .contains(order.paymentStatus())) {
            throw new ConflictException("order " + order.number() + " is " + order.status() + " with payment "
                + order.paymentStatus() + "; only an open or completed order that is unpaid, authorized or "
                + "partially paid takes a payment");
          }
          long owed = order.totalAmount() - order.paidAmount() - inFlight;
          if (owed <= 0) {
            throw new ConflictException("nothing is owed on order " + order.number() + ": total "
                + order.totalAmount() + ", paid " + order.paidAmount() + ", held by pending or authorized payments "
                + inFlight);
          }
          long amount = input.amount() == null ? owed : input.amount();
          if (amount > owed) {
            throw new ValidationException("amount", "must not exceed the " + owed + " still owed");
          }
          return payments.insertPending(conn, tenantId, Uuids.v7(), order.id(), provider, key,
                  input.capture().name().toLowerCase(java.util.Locale.ROOT), order.currency(), amount,
                  method.reference(), order.customerId())
              .compose(inserted -> inserted.isPresent() ? Future.succeededFuture(inserted.get())
                  : payments.findByKey(conn, tenantId, key).map(Optional::orElseThrow));
        }));
  }

  private Future<Attempt> authorize(PaymentGateway gateway, UUID tenantId, Payment payment, Method method) {
    AuthorizeRequest request = new AuthorizeRequest(payment.id().toString(),
        new Money(payment.amount(), payment.currency()), payment.paymentMethod(),
        payment.captureMode().equals("manual") ? io.olympus.commerce.payment.gateway.CaptureMode.MANUAL
            : io.olympus.commerce.payment.gateway.CaptureMode.AUTOMATIC,
        method == null ? null : method.customerReference(), "order " + payment.orderId(),
        Map.of("order_id", payment.orderId().toString(), "tenant_id", tenantId.toString()));
    return gateway.authorize(request)
        .map(answer -> new Attempt(payment, answer, null))
        .recover(err -> refusal(err).map(refused -> new Attempt(payment, null, refused)));
  }

  /** A provider's refusal (kept as an answer), or the failure itself when the call may be tried again. */
  private static Future<GatewayException> refusal(Throwable err) {
    return err instanceof GatewayException g && !g.retryable() && g.kind() != GatewayException.Kind.AUTHENTICATION
        ? Future.succeededFuture(g) : Future.failedFuture(err);
  }

  // ---------------------------------------------------------------- capture and void

  /**
   * Captures {@code amount} (null: all) of an authorized payment; what is not captured is released. Fails with
   * NotFoundException, ConflictException (not authorized, or the provider refused), ValidationException (more than
   * authorized), UnavailableException (no answer: the reconciler settles the request).
   */
  public Future<Payment> capture(UUID tenantId, UUID id, Long amount) {
    return Tenancy.inTenant(pool, tenantId, conn -> locked(conn, tenantId, id)
            .compose(payment -> orders.lockForPayment(conn, tenantId, payment.orderId()).map(order -> {
              if (order.status().equals(OrderTransitions.CANCELLED)) {
                throw new ConflictException("order " + order.number() + " is cancelled: its authorization is "
                    + "voided, not captured");
              }
              return payment;
            }))
            .compose(payment -> {
              if (!payment.status().equals(Payment.AUTHORIZED)) {
                throw new ConflictException("payment " + id + " is " + payment.status() + "; only an authorized "
                    + "payment can be captured");
              }
              long capturing = amount == null ? payment.authorizedAmount() : amount;
              if (capturing > payment.authorizedAmount()) {
                throw new ValidationException("amount", "must not exceed the " + payment.authorizedAmount()
                    + " authorized");
              }
              return payments.requestAction(conn, tenantId, id, "capture", capturing);
            }))
        .compose(payment -> gateways.gateway(tenantId, payment.provider())
            .compose(gateway -> gateway.capture(new CaptureRequest(id.toString(), payment.providerPaymentId(),
                new Money(payment.requestedAmount(), payment.currency()), "capture:" + id)))
            .recover(PaymentService::refused)
            .compose(answer -> Tenancy.inTenant(pool, tenantId, conn -> locked(conn, tenantId, id)
                .compose(current -> apply(conn, tenantId, current, answer, null)))));
  }

  /** Voids an authorized payment. Fails like {@link #capture}. */
  public Future<Payment> voidPayment(UUID tenantId, UUID id) {
    return Tenancy.inTenant(pool, tenantId, conn -> locked(conn, tenantId, id)
            .compose(payment -> {
              if (!payment.status().equals(Payment.AUTHORIZED)) {
                throw new ConflictException("payment " + id + " is " + payment.status() + "; only an authorized "
                    + "payment can be voided");
              }
              return payments.requestAction(conn, tenantId, id, "void", null);
            }))
        .compose(payment -> voidAtProvider(tenantId, payment, null));
  }

  private Future<Payment> voidAtProvider(UUID tenantId, Payment payment, String reason) {
    return gateways.gateway(tenantId, payment.provider())
        .compose(gateway -> gateway.voidAuthorization(new VoidRequest(payment.id().toString(),
            payment.providerPaymentId(), "void:" + payment.id())))
        .recover(PaymentService::refused)
        .compose(answer -> Tenancy.inTenant(pool, tenantId, conn -> locked(conn, tenantId, payment.id())
            .compose(current -> apply(conn, tenantId, current, answer, reason))));
  }

  private static <T> Future<T> refused(Throwable err) {
    if (err instanceof GatewayException g && !g.retryable()) {
      return Future.failedFuture(new ConflictException("the provider refused: " + g.getMessage()));
    }
    return Future.failedFuture(err);
  }

  // ---------------------------------------------------------------- refunds

  /**
   * Refunds {@code amount} (null: all that is left) of a captured payment, once per {@code key}. Under the payment's
   * row lock the refunds succeeded or pending never exceed what was captured. {@code mayRefundLarge} false refuses
   * (403) an amount above the tenant's limit for the currency. Fails with NotFoundException, ConflictException (not
   * captured, nothing left), ValidationException (more than left), ForbiddenException, UnavailableException (no
   * answer: the refund stays pending and is asked again by the reconciler).
   */
  public Future<Refund> refund(UUID tenantId, UUID paymentId, String key, Long amount, String reason,
                               boolean mayRefundLarge) {
    return Tenancy.inTenant(pool, tenantId, conn -> locked(conn, tenantId, paymentId)
            .compose(payment -> payments.findRefundByKey(conn, tenantId, paymentId, key)
                .compose(existing -> existing.isPresent() ? Future.succeededFuture(existing.get())
                    : openRefund(conn, tenantId, payment, key, amount, reason, mayRefundLarge))))
        .compose(refund -> refundAtProvider(tenantId, refund))
        .compose(attempt -> Tenancy.inTenant(pool, tenantId, conn -> settleRefundIn(conn, tenantId, attempt)));
  }

  private Future<Refund> openRefund(SqlConnection conn, UUID tenantId, Payment payment, String key, Long amount,
                                    String reason, boolean mayRefundLarge) {
    if (!payment.status().equals(Payment.CAPTURED)) {
      return Future.failedFuture(new ConflictException("payment " + payment.id() + " is " + payment.status()
          + "; only a captured payment can be refunded"));
    }
    Future<Long> pending = payments.pendingRefunds(conn, tenantId, payment.id());
    Future<JsonObject> settings = payments.settings(conn, tenantId);
    return Future.all(pending, settings).compose(both -> {
      long left = payment.refundable() - pending.result();
      if (left <= 0) {
        throw new ConflictException("nothing is left to refund of payment " + payment.id());
      }
      long refunding = amount == null ? left : amount;
      if (refunding > left) {
        throw new ValidationException("amount", "must not exceed the " + left + " left to refund");
      }
      Long limit = settings.result().getLong(payment.currency());
      if (!mayRefundLarge && limit != null && refunding > limit) {
        throw new ForbiddenException("a refund above " + limit + " " + payment.currency()
            + " needs the permission payments:refund_large");
      }
      return payments.insertRefund(conn, tenantId, Uuids.v7(), payment.id(), key, payment.currency(), refunding,
          reason);
    });
  }

  private Future<RefundAttempt> refundAtProvider(UUID tenantId, Refund refund) {
    if (!refund.status().equals(Refund.PENDING)) {
      return Future.succeededFuture(new RefundAttempt(refund, null, null));
    }
    return Tenancy.readInTenant(pool, tenantId, conn -> payments.find(conn, tenantId, refund.paymentId()))
        .map(Optional::orElseThrow)
        .compose(payment -> gateways.gateway(tenantId, payment.provider())
            .compose(gateway -> gateway.refund(new RefundRequest(refund.id().toString(), payment.providerPaymentId(),
                new Money(refund.amount(), refund.currency()), refund.reason()))))
        .map(answer -> new RefundAttempt(refund, answer, null))
        .recover(err -> refusal(err).map(refused -> new RefundAttempt(refund, null, refused)));
  }

  /** Records a refund's answer: the refund, the payment's refunded amount, the ledger, the order, the event. */
  public Future<Refund> settleRefundIn(SqlConnection conn, UUID tenantId, RefundAttempt attempt) {
    UUID refundId = attempt.refund().id();
    return locked(conn, tenantId, attempt.refund().paymentId())
        .compose(payment -> payments.lockRefund(conn, tenantId, refundId)
            .map(Optional::orElseThrow)
            .compose(refund -> {
              if (refund.status().equals(Refund.PENDING) && refund.providerRefundId() == null
                  && attempt.answer() != null && attempt.answer().status() == GatewayRefund.Status.PENDING
                  && attempt.answer().providerRefundId() != null) {
                // still pending at the provider: keep its id, by which its notification will name it
                return payments.namePendingRefund(conn, tenantId, refundId, attempt.answer().providerRefundId())
                    .map(named -> named.orElse(refund));
              }
              if (!refund.status().equals(Refund.PENDING)
                  || attempt.answer() != null && attempt.answer().status() == GatewayRefund.Status.PENDING
                  || attempt.answer() == null && attempt.refusal() == null) {
                return Future.succeededFuture(refund);
              }
              if (attempt.answer() != null && attempt.answer().status() == GatewayRefund.Status.SUCCEEDED) {
                return payments.settleRefund(conn, tenantId, refundId, Refund.SUCCEEDED,
                        attempt.answer().providerRefundId(), null)
                    .compose(done -> payments.addRefunded(conn, tenantId, payment.id(), done.amount())
                        .compose(updated -> payments.ledger(conn, tenantId, updated, LedgerEntry.REFUND,
                                -done.amount(), done.id().toString())
                            .compose(v -> orders.applyPayment(conn, tenantId, updated.orderId(),
                                new PaymentMovement(PaymentMovement.Kind.REFUNDED, updated.id(), done.amount(),
                                    done.reason())))
                            .compose(order -> emit(conn, tenantId, CommerceEvents.PAYMENT_REFUNDED, updated,
                                updated.toJson().put("refund", done.toJson())
                                    .put("order_payment_status", order.paymentStatus())))
                            .map(done)));
              }
              String why = attempt.answer() != null ? attempt.answer().failureReason()
                  : attempt.refusal().getMessage();
              return payments.settleRefund(conn, tenantId, refundId, Refund.FAILED,
                      attempt.answer() == null ? null : attempt.answer().providerRefundId(), why)
                  .compose(done -> emit(conn, tenantId, CommerceEvents.PAYMENT_REFUND_FAILED, payment,
                      payment.toJson().put("refund", done.toJson())).map(done));
            }));
  }

  // ---------------------------------------------------------------- cancelled orders

  /**
   * Settles what a cancelled order's payments still owe: voids its authorizations still held (a cancelled order) and
   * refunds what was paid and is recorded as owed back ({@code refund_owed_amount}: everything paid for a cancelled
   * order, the cancelled share for an order whose rest was cancelled) from its captured payments, oldest first.
   * Idempotent and safe under concurrency: one transaction takes the order's payment rows' locks (then the order's),
   * counts the refunds already pending against what is owed and commits the voids asked for and the pending refunds
   * (key {@code order-cancel:<refund id>}, reason {@code order_cancelled}) before any provider is called; the
   * refunds then run the refund path, so they never exceed what was captured nor what is owed, whatever manual
   * refunds run at the same time. Provider failures leave the work to the reconciler. NotFoundException for an
   * unknown order.
   */
  public Future<CancellationSettled> settleCancellation(UUID tenantId, UUID orderId) {
    return Tenancy.inTenant(pool, tenantId, conn -> payments.lockOfOrder(conn, tenantId, orderId)
            .compose(held -> orders.lockForPayment(conn, tenantId, orderId)
                .compose(order -> claimCancellation(conn, tenantId, order, held))))
        .compose(claims -> {
          Future<List<Payment>> voided = Future.succeededFuture(new ArrayList<>());
          for (Payment payment : claims.voids()) {
            voided = voided.compose(done -> voidAtProvider(tenantId, payment, ORDER_CANCELLED)
                .map(p -> {
                  done.add(p);
                  return done;
                }));
          }
          Future<List<Refund>> refunded = Future.succeededFuture(new ArrayList<>());
          for (Refund refund : claims.refunds()) {
            refunded = refunded.compose(done -> refundAtProvider(tenantId, refund)
                .compose(attempt -> Tenancy.inTenant(pool, tenantId, conn -> settleRefundIn(conn, tenantId, attempt)))
                .map(r -> {
                  done.add(r);
                  return done;
                }));
          }
          Future<List<Refund>> refunds = refunded;
          return voided.compose(v -> refunds.map(r -> new CancellationSettled(v, r)));
        });
  }

  private Future<CancellationClaims> claimCancellation(SqlConnection conn, UUID tenantId, Order order,
                                                       List<Payment> held) {
    List<Payment> voids = order.status().equals(OrderTransitions.CANCELLED)
        ? held.stream().filter(p -> p.status().equals(Payment.AUTHORIZED) && p.requestedAction() == null).toList()
        : List.of();
    List<Payment> captured = held.stream().filter(p -> p.status().equals(Payment.CAPTURED)).toList();
    Future<List<Payment>> asked = Future.succeededFuture(new ArrayList<>());
    for (Payment payment : voids) {
      asked = asked.compose(done -> payments.requestAction(conn, tenantId, payment.id(), "void", null)
          .map(p -> {
            done.add(p);
            return done;
          }));
    }
    Future<Map<UUID, Long>> pending = Future.succeededFuture(new java.util.HashMap<>());
    for (Payment payment : captured) {
      pending = pending.compose(sums -> payments.pendingRefunds(conn, tenantId, payment.id())
          .map(sum -> {
            sums.put(payment.id(), sum);
            return sums;
          }));
    }
    Future<Map<UUID, Long>> pendingSums = pending;
    return asked.compose(voidsAsked -> pendingSums.compose(sums -> {
      long owed = order.refundOwedAmount() - sums.values().stream().mapToLong(Long::longValue).sum();
      Future<List<Refund>> refunds = Future.succeededFuture(new ArrayList<>());
      for (Payment payment : captured) {
        long left = payment.refundable() - sums.get(payment.id());
        long amount = Math.min(left, owed);
        if (amount <= 0) {
          continue;
        }
        owed -= amount;
        UUID refundId = Uuids.v7();
        refunds = refunds.compose(done -> payments.insertRefund(conn, tenantId, refundId, payment.id(),
                CANCEL_REFUND_KEY + refundId, payment.currency(), amount, ORDER_CANCELLED)
            .map(r -> {
              done.add(r);
              return done;
            }));
      }
      return refunds.map(r -> new CancellationClaims(voidsAsked, r));
    }));
  }

  /** Settles the cancellations of {@code tenantId}'s orders still owed a refund or a void (at most one batch). */
  public Future<Reconciled> settleCancellations(UUID tenantId) {
    return Tenancy.readInTenant(pool, tenantId, conn -> payments.cancellationsToSettle(conn, tenantId, BATCH))
        .compose(orderIds -> {
          Future<Reconciled> done = Future.succeededFuture(new Reconciled(0, 0, 0, 0, 0));
          for (UUID orderId : orderIds) {
            done = done.compose(sum -> counted(settleCancellation(tenantId, orderId),
                new Reconciled(0, 0, 0, 1, 0)).map(sum::plus));
          }
          return done;
        });
  }

  // ---------------------------------------------------------------- the one merge of a provider's answer

  /**
   * Moves {@code current} (row-locked) to what the provider reports: ledger lines for what is new (authorization,
   * capture, release, fee), the order's movement, the payment row and its event. Idempotent: nothing the payment
   * already shows is applied again, and a final payment (voided, declined, failed) never moves.
   */
  Future<Payment> apply(SqlConnection conn, UUID tenantId, Payment current, GatewayPayment answer, String reason) {
    String target = switch (answer.status()) {
      case PENDING -> Payment.PENDING;
      case AUTHORIZED -> Payment.AUTHORIZED;
      case CAPTURED -> Payment.CAPTURED;
      case VOIDED -> Payment.VOIDED;
      case DECLINED -> Payment.DECLINED;
    };
    if (current.isFinal()) {
      return Future.succeededFuture(current);
    }
    boolean wasPending = current.status().equals(Payment.PENDING);
    if (target.equals(Payment.PENDING)) {
      // still processing at the provider: keep waiting (a capture or void requested meanwhile is asked again)
      return Future.succeededFuture(current);
    }
    if (target.equals(Payment.DECLINED)) {
      if (!wasPending) {
        return Future.succeededFuture(current);
      }
      return payments.settle(conn, tenantId, current.id(), Payment.DECLINED, answer.providerPaymentId(), 0, 0,
              answer.fee() == null ? null : answer.fee().amount(), answer.declineCode(),
              answer.declineMessage() == null ? "declined" : answer.declineMessage(), null)
          .compose(declined -> emit(conn, tenantId, CommerceEvents.PAYMENT_FAILED, declined, declined.toJson()));
    }
    long captured = answer.captured() == null ? current.capturedAmount()
        : Math.max(current.capturedAmount(), answer.captured().amount());
    long authorized = answer.authorized() == null || answer.authorized().amount() == 0
        ? Math.max(current.authorizedAmount(), target.equals(Payment.CAPTURED) ? captured : current.amount())
        : answer.authorized().amount();
    if (target.equals(Payment.AUTHORIZED) && current.status().equals(Payment.CAPTURED)) {
      target = Payment.CAPTURED;
    }
    List<Function<Void, Future<Void>>> steps = new ArrayList<>();
    List<PaymentMovement> movements = new ArrayList<>();
    if (wasPending && authorized > 0) {
      steps.add(v -> payments.ledger(conn, tenantId, current, LedgerEntry.AUTHORIZATION, authorized,
          answer.providerPaymentId()));
    }
    long newlyCaptured = target.equals(Payment.CAPTURED) ? captured - current.capturedAmount() : 0;
    if (newlyCaptured > 0) {
      steps.add(v -> payments.ledger(conn, tenantId, current, LedgerEntry.CAPTURE, newlyCaptured,
          answer.providerPaymentId()));
      movements.add(new PaymentMovement(PaymentMovement.Kind.CAPTURED, current.id(), newlyCaptured, reason));
      if (captured < authorized && !current.status().equals(Payment.CAPTURED)) {
        steps.add(v -> payments.ledger(conn, tenantId, current, LedgerEntry.AUTHORIZATION_RELEASE,
            -(authorized - captured), answer.providerPaymentId()));
      }
    }
    if (target.equals(Payment.VOIDED)) {
      if (authorized > 0) {
        steps.add(v -> payments.ledger(conn, tenantId, current, LedgerEntry.AUTHORIZATION_RELEASE, -authorized,
            answer.providerPaymentId()));
      }
      if (!wasPending) {
        movements.add(new PaymentMovement(PaymentMovement.Kind.VOIDED, current.id(), authorized, reason));
      }
    }
    if (target.equals(Payment.AUTHORIZED) && wasPending) {
      movements.add(new PaymentMovement(PaymentMovement.Kind.AUTHORIZED, current.id(), authorized, reason));
    }
    if (answer.fee() != null && current.feeAmount() == null && answer.fee().amount() > 0) {
      steps.add(v -> payments.ledger(conn, tenantId, current, LedgerEntry.FEE, -answer.fee().amount(),
          answer.providerPaymentId()));
    }
    OffsetDateTime expires = target.equals(Payment.AUTHORIZED)
        ? (current.authorizationExpiresAt() != null ? current.authorizationExpiresAt()
            : OffsetDateTime.now(ZoneOffset.UTC).plusDays(config.authorizationDays()))
        : null;
    String status = target;
    String event = wasPending ? (status.equals(Payment.VOIDED) ? CommerceEvents.PAYMENT_FAILED
        : CommerceEvents.PAYMENT_PROCESSED)
        : status.equals(Payment.VOIDED) ? CommerceEvents.PAYMENT_VOIDED
        : newlyCaptured > 0 ? CommerceEvents.PAYMENT_CAPTURED : null;
    Future<Void> chain = Future.succeededFuture();
    for (Function<Void, Future<Void>> step : steps) {
      chain = chain.compose(step);
    }
    return chain
        .compose(v -> payments.settle(conn, tenantId, current.id(), status, answer.providerPaymentId(), authorized,
            status.equals(Payment.CAPTURED) ? captured : current.capturedAmount(),
            answer.fee() == null ? null : answer.fee().amount(), null,
            status.equals(Payment.VOIDED) && reason != null ? reason : null, expires))
        .compose(settled -> {
          Future<Order> moved = Future.succeededFuture();
          for (PaymentMovement movement : movements) {
            moved = moved.compose(o -> orders.applyPayment(conn, tenantId, settled.orderId(), movement));
          }
          return moved.compose(order -> event == null ? Future.succeededFuture(settled)
              : emit(conn, tenantId, event, settled, settled.toJson().put("reason", reason)
                  .put("order_payment_status", order == null ? null : order.paymentStatus())));
        });
  }

  /** A pending payment the provider refused or never received: failed, {@code payment.failed}. */
  private Future<Payment> fail(SqlConnection conn, UUID tenantId, Payment current, String message) {
    if (!current.status().equals(Payment.PENDING)) {
      return Future.succeededFuture(current);
    }
    return payments.settle(conn, tenantId, current.id(), Payment.FAILED, null, 0, 0, null, null, message, null)
        .compose(failed -> emit(conn, tenantId, CommerceEvents.PAYMENT_FAILED, failed, failed.toJson()));
  }

  // ---------------------------------------------------------------- reconciliation

  /**
   * One pass of the reconciler over every tenant: each payment pending (or with a capture or void requested) for more
   * than {@code olderThanSeconds} is settled from the provider's record found by our reference (no record: the
   * provider never took it, so it failed); authorizations past their expiry are voided at the provider and reported
   * ({@code payment.voided} with reason {@code authorization_expired}); refunds still pending are asked again with
   * the same reference. A payment whose provider does not answer stays as it is for the next pass.
   */
  public Future<Reconciled> reconcile(int olderThanSeconds) {
    return Tenancy.asSystem(pool, conn -> payments.tenantsToReconcile(conn, olderThanSeconds, 1000))
        .compose(tenants -> {
          Future<Reconciled> total = Future.succeededFuture(new Reconciled(0, 0, 0, 0, 0));
          for (UUID tenantId : tenants) {
            total = total.compose(sum -> reconcileTenant(tenantId, olderThanSeconds).map(sum::plus));
          }
          return total;
        });
  }

  private Future<Reconciled> reconcileTenant(UUID tenantId, int olderThanSeconds) {
    Future<List<Payment>> unsettled = Tenancy.readInTenant(pool, tenantId,
        conn -> payments.unsettled(conn, tenantId, olderThanSeconds, BATCH));
    Future<List<Payment>> expired = Tenancy.readInTenant(pool, tenantId,
        conn -> payments.expired(conn, tenantId, BATCH));
    Future<List<Refund>> refunds = Tenancy.readInTenant(pool, tenantId,
        conn -> payments.staleRefunds(conn, tenantId, olderThanSeconds, BATCH));
    return Future.all(unsettled, expired, refunds).compose(all -> {
      Future<Reconciled> done = Future.succeededFuture(new Reconciled(0, 0, 0, 0, 0));
      for (Payment payment : unsettled.result()) {
        done = done.compose(sum -> counted(resettle(tenantId, payment), new Reconciled(1, 0, 0, 0, 0)).map(sum::plus));
      }
      for (Payment payment : expired.result()) {
        done = done.compose(sum -> counted(voidAtProvider(tenantId, payment, "authorization_expired")
            .onSuccess(p -> LOG.warn("authorization of payment {} (order {}) expired uncaptured and was voided",
                p.id(), p.orderId())), new Reconciled(0, 1, 0, 0, 0)).map(sum::plus));
      }
      for (Refund refund : refunds.result()) {
        done = done.compose(sum -> counted(refundAtProvider(tenantId, refund)
                .compose(a -> Tenancy.inTenant(pool, tenantId, conn -> settleRefundIn(conn, tenantId, a))),
            new Reconciled(0, 0, 1, 0, 0)).map(sum::plus));
      }
      return done.compose(sum -> settleCancellations(tenantId).map(sum::plus));
    });
  }

  private static Future<Reconciled> counted(Future<?> work, Reconciled success) {
    return work.map(success).otherwise(err -> {
      LOG.warn("reconciliation of a payment failed; it is tried again on the next pass", err);
      return new Reconciled(0, 0, 0, 0, 1);
    });
  }

  /** Settles one payment from the provider's record. */
  public Future<Payment> resettle(UUID tenantId, Payment payment) {
    return gateways.gateway(tenantId, payment.provider())
        .compose(gateway -> gateway.retrieve(payment.id().toString()))
        .compose(found -> Tenancy.inTenant(pool, tenantId, conn -> locked(conn, tenantId, payment.id())
            .compose(current -> {
              if (found.isPresent()) {
                return apply(conn, tenantId, current, found.get(), null);
              }
              return current.status().equals(Payment.PENDING)
                  ? fail(conn, tenantId, current, "the provider has no record of this payment")
                  : payments.settle(conn, tenantId, current.id(), current.status(), null,
                      current.authorizedAmount(), current.capturedAmount(), null, current.declineCode(),
                      current.failureMessage(), current.authorizationExpiresAt());
            })));
  }

  // ---------------------------------------------------------------- webhooks and disputes

  /**
   * A provider's webhook delivery for {@code tenantId}: verified and read by the provider's adapter, then applied
   * once per provider event id (the inbox), in one transaction. Fails with ApiException 400 when the signature or
   * the body cannot be trusted, ValidationException for an unknown provider.
   */
  public Future<String> receiveWebhook(UUID tenantId, String provider, WebhookRequest request) {
    return gateways.gateway(tenantId, provider)
        .recover(err -> Future.failedFuture(err instanceof GatewayException
            ? new NotFoundException("no payment provider " + provider + " for this tenant") : err))
        .compose(gateway -> gateway.parseWebhook(request))
        .recover(err -> Future.failedFuture(err instanceof GatewayException g
            ? new ApiException(400, g.kind() == GatewayException.Kind.INVALID_SIGNATURE ? "invalid-signature"
                : "invalid-webhook", "Bad Request", g.getMessage()) : err))
        .compose(event -> Tenancy.inTenant(pool, tenantId, conn -> Inbox.applyOnce(conn,
                "payments.webhook." + provider, UUID.nameUUIDFromBytes((tenantId + "/" + provider + "/"
                    + event.eventId()).getBytes(StandardCharsets.UTF_8)))
            .compose(first -> first ? handle(conn, tenantId, provider, event).map("applied")
                : Future.succeededFuture("duplicate"))));
  }

  private Future<?> handle(SqlConnection conn, UUID tenantId, String provider, GatewayEvent event) {
    return switch (event.type()) {
      case PAYMENT_UPDATED -> byProvider(conn, tenantId, provider, event.payment().providerPaymentId(),
          event.payment().reference())
          .compose(found -> found.isEmpty() ? Future.succeededFuture()
              : apply(conn, tenantId, found.get(), event.payment(), null));
      case REFUND_UPDATED -> refundOf(event.refund().reference())
          .map(id -> payments.lockRefund(conn, tenantId, id))
          .or(() -> Optional.ofNullable(event.refund().providerRefundId())
              .map(providerRefundId -> payments.lockRefundByProviderId(conn, tenantId, providerRefundId)))
          .map(lookup -> lookup.compose(found -> found.isEmpty() ? Future.succeededFuture()
              : settleRefundIn(conn, tenantId, new RefundAttempt(found.get(), event.refund(), null))))
          .orElse(Future.succeededFuture());
      case DISPUTE_OPENED, DISPUTE_UPDATED, DISPUTE_CLOSED -> dispute(conn, tenantId, provider, event);
      case IGNORED -> Future.succeededFuture();
    };
  }

  private static Optional<UUID> refundOf(String reference) {
    try {
      return Optional.of(UUID.fromString(reference));
    } catch (IllegalArgumentException | NullPointerException e) {
      return Optional.empty();
    }
  }

  private Future<Optional<Payment>> byProvider(SqlConnection conn, UUID tenantId, String provider,
                                               String providerPaymentId, String reference) {
    Future<Optional<Payment>> byId = providerPaymentId == null ? Future.succeededFuture(Optional.empty())
        : payments.lockByProviderId(conn, tenantId, provider, providerPaymentId);
    return byId.compose(found -> found.isPresent() || refundOf(reference).isEmpty()
        ? Future.succeededFuture(found)
        : payments.lock(conn, tenantId, refundOf(reference).get()));
  }

  /**
   * Creates or moves a dispute. Out-of-order deliveries: a state of lower precedence than the stored one
   * (needs_response < under_review < won | lost), or of the same precedence but older, is not applied; a closed
   * dispute never moves. Funds withdrawn when the dispute opens, reinstated when it is won (ledger lines); the order
   * gets a history entry; {@code dispute.opened}, {@code dispute.updated}, {@code dispute.closed}.
   */
  private Future<?> dispute(SqlConnection conn, UUID tenantId, String provider, GatewayEvent event) {
    GatewayDispute d = event.dispute();
    String target = d.status().name().toLowerCase(java.util.Locale.ROOT);
    OffsetDateTime at = event.occurredAt().atOffset(ZoneOffset.UTC);
    OffsetDateTime due = d.evidenceDueBy() == null ? null : d.evidenceDueBy().atOffset(ZoneOffset.UTC);
    return payments.lockByProviderId(conn, tenantId, provider, d.providerPaymentId())
        .compose(found -> {
          if (found.isEmpty()) {
            LOG.warn("a {} dispute event names no payment of tenant {}; ignored", provider, tenantId);
            return Future.succeededFuture();
          }
          Payment payment = found.get();
          long amount = d.amount() == null ? payment.capturedAmount() : d.amount().amount();
          return payments.lockDisputeByProviderId(conn, tenantId, provider, d.providerDisputeId())
              .compose(existing -> existing.isEmpty()
                  ? openDispute(conn, tenantId, provider, payment, d, target, amount, due, at)
                  : moveDispute(conn, tenantId, payment, existing.get(), target, due, at, null));
        });
  }

  private Future<Dispute> openDispute(SqlConnection conn, UUID tenantId, String provider, Payment payment,
                                      GatewayDispute d, String target, long amount, OffsetDateTime due,
                                      OffsetDateTime at) {
    return payments.insertDispute(conn, tenantId, payment, provider, d.providerDisputeId(), Dispute.NEEDS_RESPONSE,
            amount, d.reason(), due, at)
        .compose(dispute -> payments.ledger(conn, tenantId, payment, LedgerEntry.DISPUTE_WITHDRAWAL, -amount,
                d.providerDisputeId())
            .compose(v -> payments.addDisputed(conn, tenantId, payment.id(), amount))
            .compose(v -> orders.applyPayment(conn, tenantId, payment.orderId(), new PaymentMovement(
                PaymentMovement.Kind.DISPUTE_OPENED, payment.id(), amount, d.reason())))
            .compose(v -> emitDispute(conn, tenantId, CommerceEvents.DISPUTE_OPENED, dispute))
            .compose(v -> target.equals(Dispute.NEEDS_RESPONSE) ? Future.succeededFuture(dispute)
                : moveDispute(conn, tenantId, payment, dispute, target, due, at, null)));
  }

  private Future<Dispute> moveDispute(SqlConnection conn, UUID tenantId, Payment payment, Dispute current,
                                      String target, OffsetDateTime due, OffsetDateTime at, JsonObject evidence) {
    int from = Dispute.RANK.get(current.status());
    int to = Dispute.RANK.get(target);
    boolean stale = to < from || to == from && !at.isAfter(current.lastEventAt()) || current.closed();
    if (stale) {
      return evidence == null ? Future.succeededFuture(current)
          : payments.updateDispute(conn, tenantId, current.id(), current.status(), null, current.lastEventAt(),
              evidence);
    }
    return payments.updateDispute(conn, tenantId, current.id(), target, due, at, evidence)
        .compose(moved -> {
          if (!moved.closed()) {
            return emitDispute(conn, tenantId, CommerceEvents.DISPUTE_UPDATED, moved).map(moved);
          }
          Future<Void> reinstated = moved.status().equals(Dispute.WON)
              ? payments.ledger(conn, tenantId, payment, LedgerEntry.DISPUTE_REINSTATEMENT, moved.amount(),
                      moved.providerDisputeId())
                  .compose(v -> payments.addDisputed(conn, tenantId, payment.id(), -moved.amount())).mapEmpty()
              : Future.succeededFuture();
          return reinstated
              .compose(v -> orders.applyPayment(conn, tenantId, payment.orderId(), new PaymentMovement(
                  PaymentMovement.Kind.DISPUTE_CLOSED, payment.id(), moved.amount(), moved.status())))
              .compose(v -> emitDispute(conn, tenantId, CommerceEvents.DISPUTE_CLOSED, moved))
              .map(moved);
        });
  }

  /**
   * Sends evidence for a dispute to its provider ({@code submit} false stages it) and records it with the state the
   * provider reports. Fails with NotFoundException, ConflictException (closed, or the provider refused),
   * UnavailableException.
   */
  public Future<Dispute> submitEvidence(UUID tenantId, UUID disputeId, Map<String, String> evidence, boolean submit) {
    return Tenancy.readInTenant(pool, tenantId, conn -> payments.findDispute(conn, tenantId, disputeId))
        .compose(found -> {
          Dispute dispute = found.orElseThrow(() -> new NotFoundException("dispute " + disputeId + " not found"));
          if (dispute.closed()) {
            throw new ConflictException("dispute " + disputeId + " is " + dispute.status());
          }
          return gateways.gateway(tenantId, dispute.provider())
              .compose(gateway -> gateway.submitDisputeEvidence(new DisputeEvidenceRequest(
                  dispute.providerDisputeId(), evidence, submit)))
              .recover(PaymentService::refused)
              .compose(answer -> Tenancy.inTenant(pool, tenantId, conn -> payments.lockDisputeByProviderId(conn,
                      tenantId, dispute.provider(), dispute.providerDisputeId())
                  .map(Optional::orElseThrow)
                  .compose(current -> payments.find(conn, tenantId, current.paymentId()).map(Optional::orElseThrow)
                      .compose(payment -> moveDispute(conn, tenantId, payment, current,
                          answer.status().name().toLowerCase(java.util.Locale.ROOT), null,
                          OffsetDateTime.now(ZoneOffset.UTC), new JsonObject(new java.util.LinkedHashMap<String, Object>(evidence))
                              .put("submitted", submit))))
                  .compose(moved -> events.audit(conn, tenantId, "dispute.evidence_submitted", "dispute",
                      moved.id().toString(), new JsonObject().put("fields", new JsonArray(List.copyOf(
                          evidence.keySet()))).put("submit", submit)).map(moved))));
        });
  }

  // ---------------------------------------------------------------- reads

  /** A payment with its refunds, disputes and ledger; NotFoundException otherwise (another tenant's included). */
  public Future<Payment> get(UUID tenantId, UUID id) {
    return Tenancy.readInTenant(pool, tenantId, conn -> {
      Future<Optional<Payment>> payment = payments.find(conn, tenantId, id);
      Future<List<Refund>> refunds = payments.refunds(conn, tenantId, id);
      Future<List<Dispute>> disputes = payments.disputes(conn, tenantId, id);
      Future<List<LedgerEntry>> ledger = payments.ledgerOf(conn, tenantId, id);
      return Future.all(payment, refunds, disputes, ledger).map(all -> payment.result()
          .orElseThrow(() -> new NotFoundException("payment " + id + " not found"))
          .with(refunds.result(), disputes.result(), ledger.result()));
    });
  }

  /** The payments of an order, oldest first. */
  public Future<List<Payment>> ofOrder(UUID tenantId, UUID orderId) {
    return Tenancy.readInTenant(pool, tenantId, conn -> payments.ofOrder(conn, tenantId, orderId));
  }

  /** A dispute; NotFoundException otherwise. */
  public Future<Dispute> dispute(UUID tenantId, UUID id) {
    return Tenancy.readInTenant(pool, tenantId, conn -> payments.findDispute(conn, tenantId, id))
        .map(found -> found.orElseThrow(() -> new NotFoundException("dispute " + id + " not found")));
  }

  /** Orders created in [from, to) whose ledger does not add up to what the order records as paid. */
  public Future<List<LedgerMismatch>> reconciliation(UUID tenantId, Instant from, Instant to) {
    return Tenancy.readInTenant(pool, tenantId, conn -> payments.mismatches(conn, tenantId,
        from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC)));
  }

  /** The tenant's refund limits per currency (minor units); empty when none are set. */
  public Future<JsonObject> settings(UUID tenantId) {
    return Tenancy.readInTenant(pool, tenantId, conn -> payments.settings(conn, tenantId));
  }

  /** Replaces the tenant's refund limits (audited). */
  public Future<JsonObject> saveSettings(UUID tenantId, JsonObject refundLargeAmounts) {
    return Tenancy.inTenant(pool, tenantId, conn -> payments.saveSettings(conn, tenantId, refundLargeAmounts)
        .compose(saved -> events.audit(conn, tenantId, "payment_settings.updated", "payment_settings",
            tenantId.toString(), new JsonObject().put("refund_large_amounts", saved)).map(saved)));
  }

  // ---------------------------------------------------------------- saved payment methods

  /** A customer's saved methods; NotFoundException for an unknown customer. */
  public Future<List<PaymentMethod>> methods(UUID tenantId, UUID customerId) {
    return customers.get(tenantId, customerId)
        .compose(c -> Tenancy.readInTenant(pool, tenantId, conn -> payments.methods(conn, tenantId, customerId)));
  }

  /** Saves a provider reference for a customer (audited); ConflictException when saved already. */
  public Future<PaymentMethod> saveMethod(UUID tenantId, PaymentMethod method) {
    return customers.get(tenantId, method.customerId())
        .compose(c -> Tenancy.inTenant(pool, tenantId, conn -> payments.insertMethod(conn, tenantId, method)
            .compose(saved -> events.audit(conn, tenantId, "payment_method.created", "payment_method",
                saved.id().toString(), new JsonObject().put("customer_id", saved.customerId().toString())
                    .put("provider", saved.provider())).map(saved))))
        .recover(err -> Future.failedFuture(PgErrors.uniqueViolation(err)
            ? new ConflictException("this payment method is saved already") : err));
  }

  /** Deletes a saved method (audited); NotFoundException when the customer has no such method. */
  public Future<Void> deleteMethod(UUID tenantId, UUID customerId, UUID id) {
    return Tenancy.inTenant(pool, tenantId, conn -> payments.deleteMethod(conn, tenantId, customerId, id)
        .compose(deleted -> {
          if (!deleted) {
            throw new NotFoundException("payment method " + id + " not found");
          }
          return events.audit(conn, tenantId, "payment_method.deleted", "payment_method", id.toString(),
              new JsonObject().put("customer_id", customerId.toString()));
        }));
  }

  // ---------------------------------------------------------------- helpers

  private Future<Payment> locked(SqlConnection conn, UUID tenantId, UUID id) {
    return payments.lock(conn, tenantId, id)
        .map(found -> found.orElseThrow(() -> new NotFoundException("payment " + id + " not found")));
  }

  private Future<Payment> emit(SqlConnection conn, UUID tenantId, String type, Payment payment, JsonObject payload) {
    return events.write(conn, EventEnvelope.of(type, tenantId, "payment", payment.id().toString(), null, payload))
        .map(payment);
  }

  private Future<Void> emitDispute(SqlConnection conn, UUID tenantId, String type, Dispute dispute) {
    return events.write(conn, EventEnvelope.of(type, tenantId, "dispute", dispute.id().toString(), null,
        dispute.toJson()));
  }
}
