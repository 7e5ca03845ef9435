package io.olympus.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.testing.ServiceHarness;
import io.olympus.common.testing.ServiceHarness.Deployed;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Contract validation happens on the event loop (small requests) with the same answers as the router's own
 * validation. The service runs on a Vert.x whose worker pool has one thread, so a test can occupy it.
 */
class InlineRequestValidationTest {

  private static Vertx vertx;
  private static Deployed app;

  @BeforeAll
  static void deploy() {
    vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(1));
    app = ServiceHarness.deploy(vertx, ServiceHarness.context(vertx, Map.of("OLYMPUS_BODY_LIMIT_BYTES", "65536")),
        EchoHttpVerticle::new).await();
  }

  @AfterAll
  static void close() {
    app.close(vertx).await();
    vertx.close().await();
  }

  @Test
  void shouldValidateAndServeRequestsWhileTheWorkerPoolIsBusy() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Future<Object> occupied = vertx.executeBlocking(() -> release.await(30, TimeUnit.SECONDS), false);
    try {
      String id = UUID.randomUUID().toString();
      HttpResponse<Buffer> ok = app.client().get("/notes/" + id + "?tag=red&limit=5").send()
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(ok.statusCode()).as(ok.bodyAsString()).isEqualTo(200);
      assertThat(ok.bodyAsJsonObject())
          .isEqualTo(new JsonObject().put("note_id", id).put("tag", "red").put("limit", 5));

      HttpResponse<Buffer> bad = app.client().get("/notes/not-a-uuid").send()
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(occupied.isComplete()).as("the only worker thread was still busy").isFalse();
    } finally {
      release.countDown();
    }
    occupied.await();
  }

  @Test
  void shouldTakeStringParametersAsTheyAre() {
    String id = UUID.randomUUID().toString();
    for (String tag : new String[] {"1.5", "-7", "null", "true", "\"q\"", "[1]"}) {
      HttpResponse<Buffer> resp = app.client().get("/notes/" + id).addQueryParam("tag", tag).send().await();
      assertThat(resp.statusCode()).as(tag + ": " + resp.bodyAsString()).isEqualTo(200);
      assertThat(resp.bodyAsJsonObject().getValue("tag")).as(tag).isEqualTo(tag);
    }
  }

  @Test
  void shouldNameTheParameterThatBreaksTheContract() {
    String id = UUID.randomUUID().toString();
    JsonObject tooLong = app.client().get("/notes/" + id).addQueryParam("tag", "x".repeat(11)).send().await()
        .bodyAsJsonObject();
    assertThat(tooLong.getInteger("status")).isEqualTo(400);
    assertThat(tooLong.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("tag");

    JsonObject notANumber = app.client().get("/notes/" + id).addQueryParam("limit", "many").send().await()
        .bodyAsJsonObject();
    assertThat(notANumber.getInteger("status")).isEqualTo(400);
    assertThat(notANumber.encode()).contains("limit");

    JsonObject notAUuid = app.client().get("/notes/12345").send().await().bodyAsJsonObject();
    assertThat(notAUuid.getInteger("status")).isEqualTo(400);
    assertThat(notAUuid.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("note_id");
  }

  @Test
  void shouldValidateLargeBodiesOnAWorkerWithTheSameAnswers() {
    JsonObject big = new JsonObject().put("name", "x".repeat(InlineRequestValidation.INLINE_BODY_LIMIT + 100))
        .put("quantity", 0);
    JsonObject problem = app.client().post("/echo").sendJsonObject(big).await().bodyAsJsonObject();
    assertThat(problem.getInteger("status")).isEqualTo(400);
    assertThat(problem.getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")))
        .contains("name", "quantity");
  }

  @Test
  void shouldAnswer501ForAnOperationTheServiceDoesNotServe() {
    HttpResponse<Buffer> resp = app.client().get("/unbound").send().await();
    assertThat(resp.statusCode()).isEqualTo(501);
    assertThat(resp.getHeader("Content-Type")).startsWith("application/problem+json");
  }
}
