package io.olympus.bench;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The payment scenario (group {@code payment}): checkout and pay, one journey = {@code POST /api/v1/orders} (one line,
 * one unit, as {@link CheckoutScenario} sends it) then {@code POST /api/v1/payments/process} for that order with the
 * built-in sandbox's {@code tok_sandbox_success} and automatic capture, each with its own {@code Idempotency-Key}.
 * Measures:
 * <ol>
 *   <li>closed-loop capacity ({@code BENCH_PAYMENT_CONCURRENCY} clients, after a warm-up): journeys/s and the
 *       journey's latency, and in a row of its own the payment calls of the same run (payments/s, their latency
 *       from their own send);</li>
 *   <li>an open model at half that capacity: journeys start at a constant rate, their latency from the intended
 *       start (coordinated omission corrected); the payment call's latency from its actual send (it starts when
 *       the order answered).</li>
 * </ol>
 */
final class PaymentScenario {

  static final String CAPACITY = "Olympus checkout + pay (sandbox, automatic capture)";
  static final String CAPACITY_PAY = "Olympus pay POST /api/v1/payments/process (calls of the checkout + pay run)";
  static final String HALF = "Olympus checkout + pay at half capacity";
  static final String HALF_PAY = "Olympus pay at half capacity (calls of the run above)";

  private final CheckoutScenario checkout;
  private final LoadGenerator load;
  private final int commercePort;
  private final String token;
  private final Duration duration;
  private final int warmSeconds;
  private final Consumer<String> notes;
  private final int concurrency = env("BENCH_PAYMENT_CONCURRENCY", 8);
  private final AtomicLong keys = new AtomicLong();
  private final String keyPrefix = "bench-pay-" + UUID.randomUUID() + "-";

  PaymentScenario(CheckoutScenario checkout, LoadGenerator load, int commercePort, String token, Duration duration,
                  int warmSeconds, Consumer<String> notes) {
    this.checkout = checkout;
    this.load = load;
    this.commercePort = commercePort;
    this.token = token;
    this.duration = duration;
    this.warmSeconds = warmSeconds;
    this.notes = notes;
  }

  /** What the payment calls of one run answered (latency from each call's own send). */
  private static final class Calls {
    private final LoadGenerator.Tally tally = new LoadGenerator.Tally();

    void record(long sentAt, AsyncResult<Response> answer) {
      tally.record(System.nanoTime() - sentAt, answer);
    }

    LoadResult result(String name, String model, double at, int clients, double seconds) {
      return tally.result(name, model, at, clients, seconds,
          "the payment calls of the checkout + pay run, latency from each call's own send", null);
    }
  }

  /** Runs capacity, then half capacity, each with the row of its payment calls, recorded through {@code runs}. */
  void run(CheckoutScenario.Runs runs) {
    if (!checkout.ready(runs, CAPACITY, concurrency, () -> journey(new Calls()).start(0).await())) {
      return;
    }
    notes.accept("payment: each journey places a one-line order as the checkout scenario does, then pays it through "
        + "POST /api/v1/payments/process with the sandbox (token tok_sandbox_success, capture automatic, provider "
        + "unset: the tenant's default, its sandbox); an Idempotency-Key per request");
    Calls[] measured = new Calls[1];
    double[] seconds = new double[1];
    LoadResult capacity = runs.attempt(CAPACITY, "closed", Double.NaN, concurrency, () -> {
      load.closedJourneys("warm-up", journey(new Calls()), concurrency, Duration.ofSeconds(warmSeconds)).await();
      return runs.scheduled(CAPACITY, "closed", () -> {
        measured[0] = new Calls();
        long started = System.nanoTime();
        LoadResult run = load.closedJourneys(CAPACITY, journey(measured[0]), concurrency, duration).await();
        seconds[0] = (System.nanoTime() - started) / 1e9;
        return run;
      });
    });
    if (measured[0] == null || !capacity.available() || capacity.achievedRate() <= 0) {
      return;
    }
    Calls capacityCalls = measured[0];
    double capacitySeconds = seconds[0];
    runs.attempt(CAPACITY_PAY, "closed", Double.NaN, concurrency,
        () -> capacityCalls.result(CAPACITY_PAY, "closed", Double.NaN, concurrency, capacitySeconds));
    double half = Math.max(1, capacity.achievedRate() / 2);
    measured[0] = null;
    runs.attempt(HALF, "open", half, 0, () -> {
      load.openJourneys("warm-up", journey(new Calls()), half, Duration.ofSeconds(Math.min(warmSeconds, 10))).await();
      return runs.scheduled(HALF, "open", () -> {
        measured[0] = new Calls();
        long started = System.nanoTime();
        LoadResult run = load.openJourneys(HALF, journey(measured[0]), half, duration).await();
        seconds[0] = (System.nanoTime() - started) / 1e9;
        return run;
      });
    });
    if (measured[0] != null) {
      Calls halfCalls = measured[0];
      double halfSeconds = seconds[0];
      runs.attempt(HALF_PAY, "open", half, 0, () -> halfCalls.result(HALF_PAY, "open", half, 0, halfSeconds));
    }
  }

  /** Order, then pay it; the payment call is recorded in {@code calls}. A refused order ends the journey. */
  private LoadGenerator.Journey journey(Calls calls) {
    return i -> load.send(checkout.order(checkout.variant(i)))
        .compose(placed -> placed.status() != 201 ? Future.succeededFuture(placed) : pay(placed, calls));
  }

  private Future<Response> pay(Response placed, Calls calls) {
    JsonObject body = new JsonObject()
        .put("order_id", placed.json().getString("id"))
        .put("currency", "EUR")
        .put("token", "tok_sandbox_success")
        .put("capture", "automatic");
    long sentAt = System.nanoTime();
    return load.send(Request.post(commercePort, "/api/v1/payments/process", token, body)
            .withHeader("Idempotency-Key", keyPrefix + keys.incrementAndGet()))
        .andThen(answer -> calls.record(sentAt, answer));
  }

  private static int env(String name, int fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
  }
}
