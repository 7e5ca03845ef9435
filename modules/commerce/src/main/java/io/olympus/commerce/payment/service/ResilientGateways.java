package io.olympus.commerce.payment.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
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
import io.olympus.common.error.UnavailableException;
import io.olympus.common.metrics.MetricsSupport;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gateways with retries and a circuit breaker around every provider call. Each attempt is bounded by
 * {@link PaymentConfig#callTimeoutMillis()} (a timeout is a transient failure); a transient failure
 * ({@link GatewayException.Kind#TRANSIENT}: timeout, 5xx, 429) is retried {@link PaymentConfig#retries()} times with
 * exponential back-off and jitter (or the provider's {@code Retry-After} when longer) and the same idempotency key;
 * a decline or any other failure never. One breaker per provider and tenant (vertx-circuit-breaker): calls whose
 * retries all failed transiently count; {@link PaymentConfig#breakerFailures()} of them within 10 s open it, and
 * while it is open every call fails at once with {@link UnavailableException} (503 + {@code Retry-After}) until one
 * call probes after {@link PaymentConfig#breakerResetMillis()}. A call that still had no answer fails with
 * {@link UnavailableException} too. Webhook parsing is local and not guarded. Counters in {@code /metrics}:
 * {@code olympus_payment_breaker_opened_total{provider}}, {@code olympus_payment_breaker_rejected_total{provider}};
 * gauge {@code olympus_payment_breakers_open{provider}}.
 *
 * <p>One per process, built by commerce's composition root: the HTTP verticle instances and the payment reconciler
 * share its breakers, so a provider's breaker of a tenant counts every call of the process. vertx-circuit-breaker's
 * {@code CircuitBreakerImpl} is safe to share across event loops: its state changes are {@code synchronized}, a call's
 * outcome completes on the caller's context, and each breaker is configured before the concurrent map publishes it.
 */
public final class ResilientGateways implements PaymentGateways {

  private static final Logger LOG = LoggerFactory.getLogger(ResilientGateways.class);
  private static final long FAILURE_WINDOW_MS = 10_000;

  private final Vertx vertx;
  private final PaymentGateways delegate;
  private final PaymentConfig config;
  private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
  /** Each provider's breakers (one per tenant), which its open-breakers gauge counts. */
  private final Map<String, Map<String, CircuitBreaker>> byProvider = new ConcurrentHashMap<>();

  public ResilientGateways(Vertx vertx, PaymentGateways delegate, PaymentConfig config) {
    this.vertx = vertx;
    this.delegate = delegate;
    this.config = config;
  }

  @Override
  public Future<PaymentGateway> gateway(UUID tenantId, String provider) {
    return delegate.gateway(tenantId, provider)
        .map(gateway -> new Guarded(gateway, breaker(gateway.provider(), tenantId)));
  }

  /** The state of the breaker of {@code provider} for {@code tenantId} (CLOSED before its first call). */
  public CircuitBreakerState state(UUID tenantId, String provider) {
    CircuitBreaker breaker = breakers.get(provider + ":" + tenantId);
    return breaker == null ? CircuitBreakerState.CLOSED : breaker.state();
  }

  private CircuitBreaker breaker(String provider, UUID tenantId) {
    return breakers.computeIfAbsent(provider + ":" + tenantId, name -> {
      CircuitBreaker breaker = CircuitBreaker.create("payment:" + name, vertx, new CircuitBreakerOptions()
          .setMaxFailures(config.breakerFailures())
          .setFailuresRollingWindow(FAILURE_WINDOW_MS)
          .setTimeout(-1)
          .setResetTimeout(config.breakerResetMillis())
          .setFallbackOnFailure(false)
          .setNotificationAddress(null));
      Counter opened = Counter.builder("olympus.payment.breaker.opened")
          .description("Times a payment provider's circuit opened for a tenant")
          .tag("provider", provider)
          .register(MetricsSupport.registry());
      breaker.failurePolicy(outcome -> outcome.failed() && transientFailure(outcome.cause()));
      breaker.openHandler(v -> {
        opened.increment();
        LOG.warn("payment circuit to {} of tenant {} opened; calls fail fast for {} ms", provider, tenantId,
            config.breakerResetMillis());
      });
      breaker.closeHandler(v -> LOG.info("payment circuit to {} of tenant {} closed", provider, tenantId));
      Map<String, CircuitBreaker> ofProvider = byProvider.computeIfAbsent(provider, p -> {
        Map<String, CircuitBreaker> map = new ConcurrentHashMap<>();
        // the registry is the JVM's: the newest gateways' breakers are the ones reported (tests run several Vert.x)
        Gauge previous = MetricsSupport.registry().find("olympus.payment.breakers.open").tag("provider", p).gauge();
        if (previous != null) {
          MetricsSupport.registry().remove(previous);
        }
        Gauge.builder("olympus.payment.breakers.open", map,
                m -> m.values().stream().filter(b -> b.state() != CircuitBreakerState.CLOSED).count())
            .description("Payment circuits of the provider that are open or half-open (one per tenant)")
            .tag("provider", p)
            .strongReference(true)
            .register(MetricsSupport.registry());
        return map;
      });
      ofProvider.put(name, breaker);
      return breaker;
    });
  }

  private static boolean transientFailure(Throwable err) {
    return err instanceof TimeoutException
        || err instanceof GatewayException g && g.retryable()
        || err instanceof UnavailableException;
  }

  /** One provider of one tenant behind its breaker. */
  private final class Guarded implements PaymentGateway {

    private final PaymentGateway gateway;
    private final CircuitBreaker breaker;
    private final Counter rejected;

    Guarded(PaymentGateway gateway, CircuitBreaker breaker) {
      this.gateway = gateway;
      this.breaker = breaker;
      this.rejected = Counter.builder("olympus.payment.breaker.rejected")
          .description("Payment provider calls refused at once because the circuit was open")
          .tag("provider", gateway.provider())
          .register(MetricsSupport.registry());
    }

    @Override
    public String provider() {
      return gateway.provider();
    }

    @Override
    public Future<GatewayPayment> authorize(AuthorizeRequest request) {
      return call(() -> gateway.authorize(request));
    }

    @Override
    public Future<GatewayPayment> capture(CaptureRequest request) {
      return call(() -> gateway.capture(request));
    }

    @Override
    public Future<GatewayPayment> voidAuthorization(VoidRequest request) {
      return call(() -> gateway.voidAuthorization(request));
    }

    @Override
    public Future<GatewayRefund> refund(RefundRequest request) {
      return call(() -> gateway.refund(request));
    }

    @Override
    public Future<Optional<GatewayPayment>> retrieve(String reference) {
      return call(() -> gateway.retrieve(reference));
    }

    @Override
    public Future<GatewayDispute> submitDisputeEvidence(DisputeEvidenceRequest request) {
      return call(() -> gateway.submitDisputeEvidence(request));
    }

    @Override
    public Future<GatewayEvent> parseWebhook(WebhookRequest request) {
      return gateway.parseWebhook(request);
    }

    private <T> Future<T> call(Supplier<Future<T>> attempt) {
      return breaker.<T>execute(() -> withRetries(attempt, 0))
          .recover(err -> Future.failedFuture(unavailable(err)));
    }

    private <T> Future<T> withRetries(Supplier<Future<T>> attempt, int done) {
      return once(attempt).recover(err -> {
        if (err instanceof GatewayException g && g.retryable() && done < config.retries()) {
          long backoff = config.backoffMillis() << done;
          long delay = Math.max(backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1),
              Math.min(g.retryAfterMillis(), 30_000));
          return vertx.timer(Math.max(1, delay)).compose(v -> withRetries(attempt, done + 1));
        }
        return Future.failedFuture(err);
      });
    }

    private <T> Future<T> once(Supplier<Future<T>> attempt) {
      Future<T> call;
      try {
        call = attempt.get();
      } catch (RuntimeException e) {
        call = Future.failedFuture(e);
      }
      return call.timeout(config.callTimeoutMillis(), TimeUnit.MILLISECONDS)
          .recover(err -> Future.failedFuture(err instanceof TimeoutException
              ? new GatewayException(GatewayException.Kind.TRANSIENT, gateway.provider(), -1, -1,
                  gateway.provider() + " did not answer within " + config.callTimeoutMillis() + " ms", err)
              : err));
    }

    private Throwable unavailable(Throwable err) {
      long retryAfter = Math.max(1, (config.breakerResetMillis() + 999) / 1000);
      if (err instanceof OpenCircuitException) {
        rejected.increment();
        return new UnavailableException("payment provider " + gateway.provider()
            + " is not answering (circuit open); retry shortly", retryAfter);
      }
      if (err instanceof GatewayException g && g.retryable()) {
        long hint = g.retryAfterMillis() > 0 ? Math.max(1, (g.retryAfterMillis() + 999) / 1000) : 1;
        return new UnavailableException("payment provider " + gateway.provider() + " did not answer: "
            + g.getMessage() + "; retry shortly", hint);
      }
      return err;
    }
  }
}
