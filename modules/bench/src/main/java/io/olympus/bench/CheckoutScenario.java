package io.olympus.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * The checkout scenario: {@code POST /api/v1/orders} (one line, one unit, an {@code Idempotency-Key} each) against
 * the seeded catalog. Seeds by SQL (as the database owner) {@code BENCH_CHECKOUT_SKUS} variants with ample stock and
 * one hot variant with {@code BENCH_HOT_STOCK} units at the seeded location, then measures:
 * <ol>
 *   <li>closed-loop checkout capacity ({@code BENCH_CHECKOUT_CONCURRENCY} clients, after a warm-up);</li>
 *   <li>an open model at half of that capacity (latency from the intended send time);</li>
 *   <li>the hot-SKU contention run: {@code BENCH_HOT_ORDERS} orders of one unit of the hot variant sent by
 *       {@code BENCH_HOT_CONCURRENCY} concurrent clients; answers per second, 201s, 409 {@code out-of-stock}s, and
 *       the oversold units read from the database afterwards (units in order lines beyond the stock, which must
 *       be 0).</li>
 * </ol>
 */
final class CheckoutScenario {

  /** BenchMain's wrappers: a scenario on its own (its row even when it fails) and a measured interval. */
  interface Runs {
    LoadResult attempt(String name, String model, double at, int concurrency, Callable<LoadResult> body);

    LoadResult scheduled(String name, String model, Callable<LoadResult> body) throws Exception;
  }

  static final String CAPACITY = "Olympus checkout POST /api/v1/orders";
  static final String HALF = "Olympus checkout at half capacity";
  static final String HOT = "Olympus checkout, hot SKU";

  private static final String STOCK_UP = "UPDATE inventory_levels SET on_hand = $3, reserved = 0 "
      + "WHERE tenant_id = $1 AND variant_id = ANY($2::uuid[])";
  private static final String LEVEL = "SELECT on_hand, reserved FROM inventory_levels WHERE tenant_id = $1 AND variant_id = $2";
  private static final String ORDERED = "SELECT coalesce(sum(l.quantity), 0) FROM order_lines l "
      + "JOIN orders o ON o.tenant_id = l.tenant_id AND o.id = l.order_id "
      + "WHERE l.tenant_id = $1 AND l.variant_id = $2 AND o.status <> 'cancelled'";

  private final Vertx vertx;
  private final LoadGenerator load;
  private final int pgPort;
  private final int commercePort;
  private final String token;
  private final UUID tenantId;
  private final Duration duration;
  private final int warmSeconds;
  private final Consumer<String> notes;
  private final int skus = env("BENCH_CHECKOUT_SKUS", 20);
  private final int concurrency = env("BENCH_CHECKOUT_CONCURRENCY", 8);
  private final int hotStock = env("BENCH_HOT_STOCK", 50);
  private final int hotOrders = env("BENCH_HOT_ORDERS", 1000);
  private final int hotConcurrency = env("BENCH_HOT_CONCURRENCY", 64);
  private final AtomicLong keys = new AtomicLong();
  private final String keyPrefix = "bench-" + UUID.randomUUID() + "-";
  private final List<String> variants = new ArrayList<>();
  private final String hotVariant;
  private boolean seeded;

  CheckoutScenario(Vertx vertx, LoadGenerator load, int pgPort, int commercePort, String token, UUID tenantId,
                   Duration duration, int warmSeconds, Consumer<String> notes) {
    this.vertx = vertx;
    this.load = load;
    this.pgPort = pgPort;
    this.commercePort = commercePort;
    this.token = token;
    this.tenantId = tenantId;
    this.duration = duration;
    this.warmSeconds = warmSeconds;
    this.notes = notes;
    for (int n = 1; n <= skus; n++) {
      variants.add(variantId(n).toString());
    }
    hotVariant = variantId(skus + 1).toString();
  }

  /** Seeds the stock, then runs capacity, half capacity and the hot SKU, each recorded through {@code runs}. */
  void run(Runs runs) {
    if (!ready(runs, CAPACITY, concurrency, () -> load.send(order(variants.get(0))).await())) {
      return;
    }
    RequestFactory orders = i -> order(variant(i));
    LoadResult capacity = runs.attempt(CAPACITY, "closed", Double.NaN, concurrency, () -> {
      load.closed("warm-up", orders, concurrency, Duration.ofSeconds(warmSeconds)).await();
      return runs.scheduled(CAPACITY, "closed", () -> load.closed(CAPACITY, orders, concurrency, duration).await());
    });
    if (capacity.available() && capacity.achievedRate() > 0) {
      double half = Math.max(1, capacity.achievedRate() / 2);
      runs.attempt(HALF, "open", half, 0, () -> {
        load.open("warm-up", orders, half, Duration.ofSeconds(Math.min(warmSeconds, 10))).await();
        return runs.scheduled(HALF, "open", () -> load.open(HALF, orders, half, duration).await());
      });
    }
    runs.attempt(HOT, "closed", Double.NaN, hotConcurrency, () -> runs.scheduled(HOT, "closed", this::hot));
  }

  /**
   * Seeds the stock and probes one request of the scenario: true when it answered 201; otherwise the scenario's
   * {@code name} is recorded as not available with the reason (seeding failed, no token, the probe's answer).
   */
  boolean ready(Runs runs, String name, int clients, Callable<Response> probe) {
    String problem = null;
    try {
      seedStock();
    } catch (Exception e) {
      problem = "stock could not be seeded: " + e;
    }
    if (problem == null && token == null) {
      problem = "the run has no access token (tenant sign-up failed)";
    }
    if (problem == null) {
      try {
        Response answer = probe.call();
        if (answer.status() != 201) {
          String detail = answer.status() + " " + answer.body().toString().replace('\n', ' ');
          problem = "probe answered " + detail.substring(0, Math.min(160, detail.length()));
        }
      } catch (Exception e) {
        problem = "probe failed: " + e;
      }
    }
    if (problem == null) {
      return true;
    }
    String why = problem;
    runs.attempt(name, "closed", Double.NaN, clients, () -> {
      throw new IllegalStateException(why);
    });
    return false;
  }

  /** The well-stocked variant of the i-th order (round-robin). */
  String variant(long i) {
    return variants.get((int) (i % variants.size()));
  }

  /** One order of one unit of {@code variant}, with its own Idempotency-Key. */
  Request order(String variant) {
    JsonObject body = new JsonObject().put("currency", "EUR").put("lines", new JsonArray()
        .add(new JsonObject().put("variant_id", variant).put("quantity", 1)));
    return Request.post(commercePort, "/api/v1/orders", token, body)
        .withHeader("Idempotency-Key", keyPrefix + keys.incrementAndGet());
  }

  /** Sets the stock of the scenario's variants (again: a later scenario starts from full stock too). */
  private void seedStock() {
    Pool pool = owner();
    try {
      pool.preparedQuery(STOCK_UP).execute(Tuple.of(tenantId, variants.stream().map(UUID::fromString).toArray(UUID[]::new), 100_000_000)).await();
      pool.preparedQuery(STOCK_UP).execute(Tuple.of(tenantId, new UUID[] {UUID.fromString(hotVariant)}, hotStock)).await();
    } finally {
      pool.close().await();
    }
    if (seeded) {
      return;
    }
    seeded = true;
    notes.accept(String.format(Locale.ROOT, "checkout: %d variants with 100,000,000 units each and one hot variant "
        + "with %d units at the seeded location (SQL); every order one line of one unit, an Idempotency-Key each, "
        + "no customer, address or shipping method (no tax, no shipping)", skus, hotStock));
  }

  /**
   * {@code hotOrders} orders for the hot variant from {@code hotConcurrency} clients in a closed loop; then the
   * database's word on what was sold.
   */
  private LoadResult hot() {
    Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    Map<Integer, Long> statuses = new HashMap<>();
    AtomicLong next = new AtomicLong();
    long started = System.nanoTime();
    List<Future<Void>> clients = new ArrayList<>();
    Promise<Void> ready = Promise.promise();
    vertx.runOnContext(v -> {
      for (int c = 0; c < hotConcurrency; c++) {
        Promise<Void> done = Promise.promise();
        hotLoop(next, histogram, statuses, done);
        clients.add(done.future());
      }
      ready.complete();
    });
    ready.future().await();
    Future.all(clients).await();
    double seconds = (System.nanoTime() - started) / 1e9;
    long created = statuses.getOrDefault(201, 0L);
    long outOfStock = statuses.getOrDefault(409, 0L);
    long ok = statuses.values().stream().mapToLong(Long::longValue).sum();
    long fiveHundreds = statuses.entrySet().stream().filter(e -> e.getKey() >= 500 || e.getKey() < 0)
        .mapToLong(Map.Entry::getValue).sum();
    Pool pool = owner();
    String verdict;
    try {
      Row level = pool.preparedQuery(LEVEL).execute(Tuple.of(tenantId, UUID.fromString(hotVariant))).await()
          .iterator().next();
      long ordered = pool.preparedQuery(ORDERED).execute(Tuple.of(tenantId, UUID.fromString(hotVariant))).await()
          .iterator().next().getLong(0);
      int onHand = level.getInteger("on_hand");
      int reserved = level.getInteger("reserved");
      long oversold = Math.max(0, ordered - onHand);
      verdict = String.format(Locale.ROOT, "%d orders → %d × 201, %d × 409 out-of-stock, %d × 5xx/transport; "
              + "stock afterwards: on_hand %d, reserved %d, units in order lines %d → oversold units %d%s; "
              + "%.0f answers/s", hotOrders, created, outOfStock, fiveHundreds, onHand, reserved, ordered, oversold,
          reserved == ordered && ordered == created ? "" : " (MISMATCH: reserved, ordered and 201s should agree)",
          ok / seconds);
    } finally {
      pool.close().await();
    }
    // answers of either kind are the hot run's throughput: a 409 is the correct answer once the stock is gone
    long answered = created + outOfStock;
    return LoadResult.of(HOT, "closed", Double.NaN, hotConcurrency, seconds, histogram, answered, ok - answered,
        statuses, verdict, null);
  }

  private void hotLoop(AtomicLong next, Histogram histogram, Map<Integer, Long> statuses, Promise<Void> done) {
    if (next.getAndIncrement() >= hotOrders) {
      done.complete();
      return;
    }
    long sentAt = System.nanoTime();
    load.send(order(hotVariant)).onComplete(ar -> {
      histogram.recordValue(Math.min(System.nanoTime() - sentAt, histogram.getHighestTrackableValue()));
      statuses.merge(ar.succeeded() ? ar.result().status() : LoadGenerator.TRANSPORT_ERROR, 1L, Long::sum);
      hotLoop(next, histogram, statuses, done);
    });
  }

  private Pool owner() {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(1))
        .connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(pgPort).setDatabase("postgres")
            .setUser("postgres").setPassword("postgres"))
        .using(vertx)
        .build();
  }

  /** The seeded variant {@code 'bench-variant-' || n || '-1'}. */
  private static UUID variantId(int n) {
    return Seeder.md5Uuid("bench-variant-" + n + "-1");
  }

  private static int env(String name, int fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
  }
}
