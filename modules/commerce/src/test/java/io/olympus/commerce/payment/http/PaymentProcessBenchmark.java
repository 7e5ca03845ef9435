package io.olympus.commerce.payment.http;

import io.olympus.commerce.CommerceComponents;
import io.olympus.commerce.CommerceConfig;
import io.olympus.commerce.CommerceHttpVerticle;
import io.olympus.commerce.support.Fixtures;
import io.olympus.commerce.support.TestIdentity;
import io.olympus.common.event.Uuids;
import io.olympus.common.service.ServiceContext;
import io.olympus.common.testing.ServiceHarness;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closed-loop load on {@code POST /api/v1/payments/process} with the built-in sandbox for one tenant (not a test; run
 * by hand): {@code mvn -o -q -pl modules/commerce -am test-compile} then
 * {@code java -cp <test classpath> io.olympus.commerce.payment.http.PaymentProcessBenchmark [payments] [concurrency] [instances] [skus] [poolSize]}.
 * Every client places a one-line order (not timed), then pays it with {@code tok_sandbox_success} and an
 * Idempotency-Key (timed: pending row, sandbox call, settling transaction), over the real router, PostgreSQL and
 * Redis, one after the other; reports payments per second and p50/p99 latency of the payment request.
 */
public final class PaymentProcessBenchmark {

  private static final Logger LOG = LoggerFactory.getLogger(PaymentProcessBenchmark.class);

  public static void main(String[] args) throws IOException {
    int orders = args.length > 0 ? Integer.parseInt(args[0]) : 3_000;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    int instances = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    int skus = args.length > 3 ? Integer.parseInt(args[3]) : 20;
    String poolSize = args.length > 4 ? args[4] : "8";
    TestInfra.get().truncateAll();
    long maxEventLoopNanos = Long.getLong("bench.maxEventLoopMs", 2000) * 1_000_000L;
    Vertx vertx = Vertx.vertx(new VertxOptions().setMaxEventLoopExecuteTime(maxEventLoopNanos)
        .setWarningExceptionTime(maxEventLoopNanos));
    try {
      TestIdentity identity = TestIdentity.install(vertx);
      int port = freePort();
      ServiceContext context = ServiceHarness.context(vertx, Map.of("COMMERCE_PORT", Integer.toString(port),
          "DATABASE_POOL_SIZE", poolSize));
      CommerceComponents components = CommerceComponents.create(vertx, context, CommerceConfig.DEFAULTS);
      vertx.deployVerticle(() -> new CommerceHttpVerticle(context, port, components),
          new DeploymentOptions().setInstances(instances)).await();
      WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
          .setDefaultPort(port).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(concurrency));
      UUID tenant = Uuids.v7();
      UUID warehouse = Uuids.v7();
      identity.location(tenant, warehouse);
      List<String> perms = new ArrayList<>(TestIdentity.ALL);
      perms.addAll(List.of("orders:read", "orders:write", "customers:read", "customers:write", "payments:read",
          "payments:write"));
      String token = identity.token(tenant, perms);
      List<String> variants = new ArrayList<>();
      for (int i = 0; i < skus; i++) {
        String variant = client.post("/api/v1/products").putHeader("Authorization", token)
            .sendJsonObject(Fixtures.product("Item " + i, "SKU-" + i, 900 + i)).await().bodyAsJsonObject()
            .getJsonArray("variants").getJsonObject(0).getString("id");
        client.post("/api/v1/inventory/adjustments").putHeader("Authorization", token)
            .sendJsonObject(new JsonObject().put("variant_id", variant).put("location_id", warehouse.toString())
                .put("reason", "receive").put("quantity", 1_000_000)).await();
        variants.add(variant);
      }
      AtomicInteger keys = new AtomicInteger();
      run(client, token, variants, keys, Math.min(500, orders), concurrency, new long[Math.min(500, orders)]); // warm-up
      long[] latencies = new long[orders];
      long started = System.nanoTime();
      run(client, token, variants, keys, orders, concurrency, latencies);
      double seconds = (System.nanoTime() - started) / 1e9;
      Arrays.sort(latencies);
      LOG.info("POST /api/v1/payments/process (sandbox): {} payments, {} concurrent, {} instances, {} SKUs, pool {}: {} payments/s, p50 {} ms, "
              + "p99 {} ms, max {} ms", orders, concurrency, instances, skus, poolSize, Math.round(orders / seconds),
          String.format("%.2f", latencies[orders / 2] / 1e6),
          String.format("%.2f", latencies[(int) (orders * 0.99)] / 1e6),
          String.format("%.2f", latencies[orders - 1] / 1e6));
    } finally {
      vertx.close().await();
    }
  }

  private static void run(WebClient client, String token, List<String> variants, AtomicInteger keys, int orders,
                          int concurrency, long[] latencies) {
    AtomicInteger next = new AtomicInteger();
    List<Future<Void>> loops = IntStream.range(0, concurrency)
        .mapToObj(i -> {
          Promise<Void> done = Promise.promise();
          loop(client, token, variants, keys, next, orders, latencies, done);
          return done.future();
        })
        .toList();
    Future.all(loops).await();
  }

  private static void loop(WebClient client, String token, List<String> variants, AtomicInteger keys,
                           AtomicInteger next, int orders, long[] latencies, Promise<Void> done) {
    int n = next.getAndIncrement();
    if (n >= orders) {
      done.complete();
      return;
    }
    int key = keys.getAndIncrement();
    JsonObject body = new JsonObject().put("currency", "EUR").put("lines", new JsonArray()
        .add(new JsonObject().put("variant_id", variants.get(key % variants.size())).put("quantity", 1)));
    client.post("/api/v1/orders").putHeader("Authorization", token).putHeader("Idempotency-Key", "order-" + key)
        .sendJsonObject(body)
        .onSuccess(order -> {
          if (order.statusCode() != 201) {
            done.fail("order status " + order.statusCode() + ": " + order.bodyAsString());
            return;
          }
          JsonObject payment = new JsonObject().put("order_id", order.bodyAsJsonObject().getString("id"))
              .put("currency", "EUR").put("token", "tok_sandbox_success");
          long start = System.nanoTime();
          client.post("/api/v1/payments/process").putHeader("Authorization", token)
              .putHeader("Idempotency-Key", "pay-" + key)
              .sendJsonObject(payment)
              .onSuccess(response -> {
                latencies[n] = System.nanoTime() - start;
                if (response.statusCode() != 201) {
                  done.fail("payment status " + response.statusCode() + ": " + response.bodyAsString());
                  return;
                }
                loop(client, token, variants, keys, next, orders, latencies, done);
              })
              .onFailure(done::fail);
        })
        .onFailure(done::fail);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
