package io.olympus.commerce.catalog.http;

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
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closed-loop load on {@code GET /api/v1/products/{id}} (not a test; run by hand):
 * {@code mvn -o -q -pl modules/commerce -am test-compile} then
 * {@code java -cp <test classpath> io.olympus.commerce.catalog.http.ProductReadBenchmark [requests] [concurrency] [instances] [uncached]}.
 * Reports requests per second and p50/p99 latency of one hot product (cache hits after the first read).
 */
public final class ProductReadBenchmark {

  private static final Logger LOG = LoggerFactory.getLogger(ProductReadBenchmark.class);

  public static void main(String[] args) throws IOException {
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    int instances = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    boolean uncached = args.length > 3 && "uncached".equals(args[3]);
    TestInfra.get().truncateAll();
    long maxEventLoopNanos = Long.getLong("bench.maxEventLoopMs", 2000) * 1_000_000L;
    Vertx vertx = Vertx.vertx(new VertxOptions().setMaxEventLoopExecuteTime(maxEventLoopNanos)
        .setWarningExceptionTime(maxEventLoopNanos));
    try {
      TestIdentity identity = TestIdentity.install(vertx);
      int port = freePort();
      ServiceContext context = ServiceHarness.context(vertx, Map.of("COMMERCE_PORT", Integer.toString(port)));
      long deployStart = System.nanoTime();
      CommerceConfig config = uncached ? new CommerceConfig(java.time.Duration.ZERO, 0) : CommerceConfig.DEFAULTS;
      CommerceComponents components = CommerceComponents.create(vertx, context, config);
      vertx.deployVerticle(() -> new CommerceHttpVerticle(context, port, components), new DeploymentOptions().setInstances(instances))
          .await();
      LOG.info("{} HTTP instances deployed in {} ms", instances, (System.nanoTime() - deployStart) / 1_000_000);
      WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
          .setDefaultPort(port).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(concurrency));
      UUID tenant = Uuids.v7();
      String token = identity.token(tenant, TestIdentity.ALL);
      String id = client.post("/api/v1/products").putHeader("Authorization", token)
          .sendJsonObject(Fixtures.product("Wireless Headphones", "WH-1", 1999)).await().bodyAsJsonObject().getString("id");
      String path = "/api/v1/products/" + id;
      run(client, path, token, 2_000, concurrency); // warm-up: JIT, token and permission caches
      long[] latencies = new long[requests];
      long started = System.nanoTime();
      run(client, path, token, requests, concurrency, latencies);
      double seconds = (System.nanoTime() - started) / 1e9;
      Arrays.sort(latencies);
      LOG.info("GET /api/v1/products/{id} ({}): {} requests, {} concurrent, {} instances: {} rps, p50 {} ms, p99 {} ms, max {} ms",
          uncached ? "uncached" : "cached", requests, concurrency, instances, Math.round(requests / seconds),
          String.format("%.2f", latencies[requests / 2] / 1e6),
          String.format("%.2f", latencies[(int) (requests * 0.99)] / 1e6),
          String.format("%.2f", latencies[requests - 1] / 1e6));
    } finally {
      vertx.close().await();
    }
  }

  private static void run(WebClient client, String path, String token, int requests, int concurrency) {
    run(client, path, token, requests, concurrency, new long[requests]);
  }

  private static void run(WebClient client, String path, String token, int requests, int concurrency,
                          long[] latencies) {
    AtomicInteger next = new AtomicInteger();
    List<Future<Void>> loops = IntStream.range(0, concurrency)
        .mapToObj(i -> {
          Promise<Void> done = Promise.promise();
          loop(client, path, token, next, requests, latencies, done);
          return done.future();
        })
        .toList();
    Future.all(loops).await();
  }

  private static void loop(WebClient client, String path, String token, AtomicInteger next, int requests,
                           long[] latencies, Promise<Void> done) {
    int n = next.getAndIncrement();
    if (n >= requests) {
      done.complete();
      return;
    }
    long start = System.nanoTime();
    client.get(path).putHeader("Authorization", token).send()
        .onSuccess(response -> {
          latencies[n] = System.nanoTime() - start;
          if (response.statusCode() != 200) {
            done.fail("status " + response.statusCode() + ": " + response.bodyAsString());
            return;
          }
          loop(client, path, token, next, requests, latencies, done);
        })
        .onFailure(done::fail);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
