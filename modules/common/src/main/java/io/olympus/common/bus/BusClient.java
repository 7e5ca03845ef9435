package io.olympus.common.bus;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.olympus.common.error.UnavailableException;
import io.olympus.common.health.HealthRegistry;
import io.olympus.common.metrics.MetricsSupport;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a service asks another over the event bus: every request has a deadline ({@link Settings#requestTimeoutMs},
 * far below the bus's own default) and goes through a circuit breaker of its address (one per address and process,
 * vertx-circuit-breaker). A breaker opens after {@link Settings#maxFailures} failures within 10 s; while it is open,
 * requests to that address fail at once with a 503 + {@code Retry-After} problem instead of waiting for a peer that is
 * gone; after {@link Settings#resetTimeoutMs} one request probes (half-open) and a success closes the breaker again.
 *
 * <p>What counts as a failure: no answer in time, no handler for the address, a transport error, and a peer that
 * answers 503 (its own dependency is down). A business answer — a 4xx, or a 500 of one request — is an answer and
 * does not count.
 *
 * <p>Breaker states appear in {@code /metrics} ({@code olympus_bus_breaker_state{address}}: 0 closed, 1 open,
 * 2 half-open; {@code olympus_bus_breaker_rejected_total{address}}: requests refused while open;
 * {@code olympus_bus_breaker_failures_total{address}}: requests counted as failures) and in {@code /health/ready}
 * as the check {@code bus-breakers}, which lists open breakers but stays UP: a peer service being down is not
 * something restarting or removing this process from the load balancer would fix.
 *
 * <p>One per process: the launcher builds it with the process's {@link io.olympus.common.service.ServiceContext}
 * (settings from the configuration) and every client, service and verticle gets it from there. It is used from every
 * event loop at once: the breakers live in a concurrent map, and vertx-circuit-breaker's {@code CircuitBreakerImpl}
 * guards its state with {@code synchronized} and completes each call on the caller's context, so one breaker per
 * address serves every event loop (each breaker is configured before the map publishes it). Its reset timers run on
 * the context that opened the breaker.
 */
public final class BusClient {

  private static final Logger LOG = LoggerFactory.getLogger(BusClient.class);
  /** Failures older than this no longer count toward opening a breaker. */
  static final long FAILURE_WINDOW_MS = 10_000;
  /** Name of the readiness check listing the breakers that are not closed. */
  public static final String HEALTH_CHECK = "bus-breakers";

  /**
   * {@code BUS_REQUEST_TIMEOUT_MS} (deadline of a request unless the call names a longer one),
   * {@code BUS_BREAKER_MAX_FAILURES} (failures within 10 s that open an address's breaker),
   * {@code BUS_BREAKER_RESET_MS} (how long it stays open before one request probes),
   * {@code BUS_STALE_SECONDS} (how long past its TTL a cached tenant or permission set may still be served while the
   * platform cannot be reached).
   */
  public record Settings(long requestTimeoutMs, int maxFailures, long resetTimeoutMs, long staleSeconds) {

    public static final Settings DEFAULTS = new Settings(1_500, 5, 5_000, 120);

    /** Seconds a client is told to wait: until the breaker would probe again. */
    long retryAfterSeconds() {
      return Math.max(1, (resetTimeoutMs + 999) / 1000);
    }
  }

  /** One address's breaker and its counters. */
  private static final class Breaker {
    final String address;
    final CircuitBreaker breaker;
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    Counter rejectedCounter;
    Counter failureCounter;

    Breaker(String address, CircuitBreaker breaker) {
      this.address = address;
      this.breaker = breaker;
    }

    int stateCode() {
      return switch (breaker.state()) {
        case CLOSED -> 0;
        case OPEN -> 1;
        case HALF_OPEN -> 2;
      };
    }
  }

  private final Vertx vertx;
  private final Settings settings;
  private final Map<String, Breaker> breakers = new ConcurrentHashMap<>();

  /** The process's client with its deadlines and thresholds; registers the {@value #HEALTH_CHECK} readiness check. */
  public BusClient(Vertx vertx, Settings settings, HealthRegistry health) {
    this.vertx = Objects.requireNonNull(vertx);
    this.settings = Objects.requireNonNull(settings);
    health.register(HEALTH_CHECK, 1_000, this::health);
  }

  public Settings settings() {
    return settings;
  }

  /** A request with the default deadline; the reply's body, or the domain failure the handler answered. */
  public Future<JsonObject> request(String address, JsonObject body) {
    return request(address, body, settings.requestTimeoutMs());
  }

  /**
   * A request with its own deadline (for the few calls that legitimately take longer, e.g. a sign-up that hashes a
   * password). Fails with {@link UnavailableException} (503 + {@code Retry-After}) when the peer did not answer in time,
   * has no handler, or its breaker is open; with the handler's {@link io.olympus.common.error.ApiException} otherwise.
   */
  public Future<JsonObject> request(String address, Object body, long timeoutMs) {
    return requestBody(address, body, timeoutMs).map(JsonObject.class::cast);
  }

  /** As {@link #request(String, Object, long)}, for a reply whose body is not a JSON object (an acknowledgement). */
  public Future<Object> requestBody(String address, Object body, long timeoutMs) {
    Breaker breaker = breaker(address);
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs);
    return breaker.breaker.<Message<Object>>execute(() -> vertx.eventBus().request(address, body, options))
        .transform(ar -> {
          if (ar.succeeded()) {
            return Future.succeededFuture(ar.result().body());
          }
          return Future.failedFuture(toDomain(breaker, ar.cause(), timeoutMs));
        });
  }

  /**
   * Any other outgoing call (an SMTP send) behind a breaker of its own, named {@code name}: the call gets
   * {@code timeoutMs}, every failure counts (there is no business answer to tell apart), and while the breaker is open
   * the call fails at once with {@link UnavailableException}. Same thresholds, metrics and readiness report as the
   * event-bus breakers.
   */
  public <T> Future<T> guard(String name, long timeoutMs, Supplier<Future<T>> call) {
    Breaker breaker = breakers.computeIfAbsent(name, n -> create(n, timeoutMs, false));
    return breaker.breaker.<T>execute(call).transform(ar -> ar.succeeded()
        ? Future.succeededFuture(ar.result())
        : Future.failedFuture(guardedFailure(breaker, ar.cause(), timeoutMs)));
  }

  /** The state of the address's breaker (CLOSED when no request went there yet). */
  public CircuitBreakerState state(String address) {
    Breaker breaker = breakers.get(address);
    return breaker == null ? CircuitBreakerState.CLOSED : breaker.breaker.state();
  }

  /** Requests to the address refused at once because its breaker was open. */
  public long rejected(String address) {
    Breaker breaker = breakers.get(address);
    return breaker == null ? 0 : breaker.rejected.get();
  }

  /** Requests to the address counted as failures by its breaker. */
  public long failures(String address) {
    Breaker breaker = breakers.get(address);
    return breaker == null ? 0 : breaker.failures.get();
  }

  private Throwable toDomain(Breaker breaker, Throwable err, long timeoutMs) {
    long retryAfter = settings.retryAfterSeconds();
    if (err instanceof OpenCircuitException) {
      breaker.rejected.incrementAndGet();
      breaker.rejectedCounter.increment();
      return new UnavailableException("The service behind " + breaker.address
          + " is not answering (circuit open); retry shortly", retryAfter);
    }
    if (err instanceof ReplyException reply && reply.failureType() != ReplyFailure.RECIPIENT_FAILURE) {
      String why = reply.failureType() == ReplyFailure.TIMEOUT
          ? "did not answer within " + timeoutMs + " ms"
          : reply.failureType() == ReplyFailure.NO_HANDLERS ? "is not running" : "could not be reached";
      return new UnavailableException("The service behind " + breaker.address + " " + why + "; retry shortly",
          retryAfter);
    }
    return BusErrors.toDomain(err);
  }

  /** True when the outcome means the peer is gone or sick (counts toward opening), false for an answer. */
  private static boolean isFailure(Future<?> outcome) {
    if (outcome.succeeded()) {
      return false;
    }
    Throwable err = outcome.cause();
    if (err instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
      return reply.failureCode() == 503;
    }
    return true;
  }

  private Throwable guardedFailure(Breaker breaker, Throwable err, long timeoutMs) {
    if (err instanceof OpenCircuitException) {
      return toDomain(breaker, err, timeoutMs);
    }
    if (err instanceof io.vertx.circuitbreaker.TimeoutException) {
      return new UnavailableException(breaker.address + " did not answer within " + timeoutMs + " ms; retry shortly",
          settings.retryAfterSeconds());
    }
    return err;
  }

  private Breaker breaker(String address) {
    Breaker existing = breakers.get(address);
    return existing != null ? existing : breakers.computeIfAbsent(address, a -> create(a, -1, true));
  }

  /** {@code timeoutMs} -1: the call has a deadline of its own (a bus request's send timeout). */
  private Breaker create(String address, long timeoutMs, boolean busPolicy) {
    Settings s = settings;
    CircuitBreakerOptions options = new CircuitBreakerOptions()
        .setMaxFailures(s.maxFailures())
        .setFailuresRollingWindow(FAILURE_WINDOW_MS)
        .setTimeout(timeoutMs)
        .setResetTimeout(s.resetTimeoutMs())
        .setFallbackOnFailure(false)
        // no periodic notifications on the (clustered) event bus
        .setNotificationAddress(null);
    CircuitBreaker circuit = CircuitBreaker.create("bus:" + address, vertx, options);
    Breaker breaker = new Breaker(address, circuit);
    circuit.failurePolicy(outcome -> {
      boolean failed = busPolicy ? isFailure(outcome) : outcome.failed();
      if (failed) {
        breaker.failures.incrementAndGet();
        breaker.failureCounter.increment();
      }
      return failed;
    });
    circuit.openHandler(v -> LOG.warn("circuit to {} opened after {} failures; requests fail fast for {} ms",
            address, s.maxFailures(), s.resetTimeoutMs()))
        .halfOpenHandler(v -> LOG.info("circuit to {} half-open: probing", address))
        .closeHandler(v -> LOG.info("circuit to {} closed", address));
    MeterRegistry registry = MetricsSupport.registry();
    // the registry is the JVM's: the newest breaker of the address is the one reported (tests run several Vert.x)
    Gauge previous = registry.find("olympus.bus.breaker.state").tag("address", address).gauge();
    if (previous != null) {
      registry.remove(previous);
    }
    Gauge.builder("olympus.bus.breaker.state", breaker, Breaker::stateCode)
        .description("Circuit breaker of an event-bus address: 0 closed, 1 open, 2 half-open")
        .tag("address", address)
        .strongReference(true)
        .register(registry);
    breaker.rejectedCounter = Counter.builder("olympus.bus.breaker.rejected")
        .description("Event-bus requests refused at once because the address's circuit was open")
        .tag("address", address)
        .register(registry);
    breaker.failureCounter = Counter.builder("olympus.bus.breaker.failures")
        .description("Event-bus requests that timed out, found no handler or got a 503")
        .tag("address", address)
        .register(registry);
    return breaker;
  }

  private void health(Promise<Status> promise) {
    Map<String, String> notClosed = new TreeMap<>();
    breakers.values().forEach(b -> {
      if (b.breaker.state() != CircuitBreakerState.CLOSED) {
        notClosed.put(b.address, b.breaker.state().name().toLowerCase(java.util.Locale.ROOT));
      }
    });
    JsonArray open = new JsonArray();
    notClosed.forEach((address, state) -> open.add(new JsonObject().put("address", address).put("state", state)));
    // an open breaker is reported, not a reason to take this process out of rotation (the peer is what is down)
    promise.tryComplete(Status.OK(new JsonObject().put("not_closed", open)));
  }
}
