package io.olympus.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class LoadGeneratorTest {

  private HttpServer server;
  private LoadGenerator load;
  private final AtomicInteger served = new AtomicInteger();

  @BeforeEach
  void startServer(Vertx vertx) {
    server = vertx.createHttpServer()
        .requestHandler(req -> {
          served.incrementAndGet();
          if (req.path().equals("/missing")) {
            req.response().setStatusCode(404).end();
          } else if (req.path().equals("/stall-first") && served.get() == 1) {
            vertx.setTimer(300, id -> req.response().end("late"));
          } else {
            req.response().end("ok");
          }
        })
        .listen(0, "127.0.0.1")
        .await();
    load = new LoadGenerator(vertx, 1, 1_000);
  }

  @AfterEach
  void close() {
    load.close().await();
    server.close().await();
  }

  @Test
  void shouldSendExactlyRateTimesSecondsRequestsInAnOpenRun(VertxTestContext ctx) {
    load.open("ok", i -> Request.get(server.actualPort(), "/ok", null), 200, Duration.ofMillis(500))
        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
          assertThat(result.requests()).isEqualTo(100);
          assertThat(result.ok()).isEqualTo(100);
          assertThat(served.get()).isEqualTo(100);
          assertThat(result.errorPercent()).isZero();
          ctx.completeNow();
        })));
  }

  @Test
  void shouldChargeQueueingBehindAStallToTheRequestsThatWaited(VertxTestContext ctx) {
    // one connection: the first answer takes 300 ms and the ~29 requests due meanwhile wait behind it. Measured
    // from their intended send times they waited 10..290 ms, so the 90th percentile is at least ~200 ms (a lower
    // bound: a slower machine only makes it larger).
    load.open("stall", i -> Request.get(server.actualPort(), "/stall-first", null), 100, Duration.ofMillis(500))
        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
          assertThat(result.requests()).isEqualTo(50);
          assertThat(result.p90()).as("p90 of requests queued behind the 300 ms stall").isGreaterThan(100.0);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldCountNon2xxAnswersAsErrorsWithTheirStatus(VertxTestContext ctx) {
    load.closed("missing", i -> Request.get(server.actualPort(), "/missing", null), 2, Duration.ofMillis(200))
        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
          assertThat(result.ok()).isZero();
          assertThat(result.errors()).isEqualTo(result.requests()).isPositive();
          assertThat(result.statuses()).containsOnlyKeys(404);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldComputeTheIdsPostgresComputesWithMd5Uuid() {
    // SELECT md5('bench-product-1')::uuid
    assertThat(Seeder.productId(1)).hasToString("b217e3f8-710f-3f8b-41c7-8f52af8017a2");
  }
}
