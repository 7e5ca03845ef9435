package io.olympus.common.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.embedded.EmbeddedRedisServer;
import io.olympus.common.http.EchoHttpVerticle;
import io.olympus.common.testing.ServiceHarness;
import io.olympus.common.testing.ServiceHarness.Deployed;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ReadinessTest {

  /** Upper bound on polls while a check settles after Redis stops or returns (each poll is one request). */
  private static final int MAX_POLLS = 100;

  private Deployed app;

  @BeforeEach
  void deploy(Vertx vertx) {
    app = ServiceHarness.deploy(vertx, EchoHttpVerticle::new).await();
  }

  @AfterEach
  void close(Vertx vertx) throws IOException {
    try {
      EmbeddedRedisServer redis = TestInfra.get().embeddedRedis().orElse(null);
      if (redis != null && !redis.isRunning()) {
        redis.restart();
      }
    } finally {
      app.context().health().unregister("outbox");
      app.close(vertx).await();
    }
  }

  @Test
  void shouldBeLiveAndReadyWithEveryCheckUp(VertxTestContext ctx) {
    app.client().get("/health/live").send()
        .compose(live -> app.client().get("/health/ready").send().map(ready -> new HttpResponse[] {live, ready}))
        .onComplete(ctx.succeeding(responses -> ctx.verify(() -> {
          assertThat(responses[0].statusCode()).isEqualTo(200);
          HttpResponse<?> ready = responses[1];
          assertThat(ready.statusCode()).as(ready.bodyAsString()).isEqualTo(200);
          JsonObject body = ready.bodyAsJsonObject();
          assertThat(body.getString("status")).isEqualTo("UP");
          for (String check : new String[] {"database", "redis", "migrations", "shutdown"}) {
            assertThat(statusOf(body, check)).as(check).isEqualTo("UP");
          }
          JsonObject migrations = checkOf(body, "migrations").getJsonObject("data");
          assertThat(migrations.getString("applied")).isNotNull().isEqualTo(migrations.getString("shipped"));
          ctx.completeNow();
        })));
  }

  @Test
  void shouldTurnNotReadyWhileRedisIsDownAndRecoverWithoutRestart(Vertx vertx, VertxTestContext ctx)
      throws IOException {
    EmbeddedRedisServer redis = TestInfra.get().embeddedRedis().orElse(null);
    Assumptions.assumeTrue(redis != null, "needs the embedded Redis (TEST_REDIS_URL is set)");
    redis.stop();
    pollReady(503, MAX_POLLS)
        .compose(down -> vertx.executeBlocking(() -> {
          redis.restart();
          return down;
        }))
        .compose(down -> pollReady(200, MAX_POLLS).map(up -> new HttpResponse[] {down, up}))
        .onComplete(ctx.succeeding(responses -> ctx.verify(() -> {
          JsonObject down = responses[0].bodyAsJsonObject();
          assertThat(down.getString("status")).isEqualTo("DOWN");
          assertThat(statusOf(down, "redis")).isEqualTo("DOWN");
          assertThat(statusOf(down, "database")).isEqualTo("UP");
          assertThat(statusOf(responses[1].bodyAsJsonObject(), "redis")).isEqualTo("UP");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldTurnNotReadyOnceShutdownBegins(VertxTestContext ctx) {
    app.context().readiness().stopAccepting();
    app.client().get("/health/ready").send()
        .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
          assertThat(resp.statusCode()).isEqualTo(503);
          assertThat(statusOf(resp.bodyAsJsonObject(), "shutdown")).isEqualTo("DOWN");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldRunChecksRegisteredAfterStart(Vertx vertx, VertxTestContext ctx) {
    app.context().health().register("outbox", 1_000,
        (Promise<Status> p) -> p.complete(Status.KO(new JsonObject().put("dead_letters", 3))));
    app.client().get("/health/ready").send()
        .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
          assertThat(resp.statusCode()).isEqualTo(503);
          JsonObject outbox = checkOf(resp.bodyAsJsonObject(), "outbox");
          assertThat(outbox.getString("status")).isEqualTo("DOWN");
          assertThat(outbox.getJsonObject("data").getInteger("dead_letters")).isEqualTo(3);
          ctx.completeNow();
        })));
  }

  /** Asks /health/ready until it answers {@code status} (a bounded number of requests, no sleeps). */
  private Future<HttpResponse<Buffer>> pollReady(int status, int pollsLeft) {
    return app.client().get("/health/ready").send()
        .compose(resp -> resp.statusCode() == status || pollsLeft <= 1
            ? Future.succeededFuture(resp)
            : pollReady(status, pollsLeft - 1));
  }

  private static String statusOf(JsonObject body, String check) {
    JsonObject c = checkOf(body, check);
    return c == null ? null : c.getString("status");
  }

  private static JsonObject checkOf(JsonObject body, String check) {
    return body.getJsonArray("checks").stream()
        .map(JsonObject.class::cast)
        .filter(c -> check.equals(c.getString("id")))
        .findFirst()
        .orElse(null);
  }

}
