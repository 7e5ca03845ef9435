package io.olympus.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.metrics.ManagementVerticle;
import io.olympus.common.metrics.MetricsSupport;
import io.olympus.common.testing.CapturingAppender;
import io.olympus.common.testing.ServiceHarness;
import io.olympus.common.testing.ServiceHarness.Deployed;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ServiceHttpVerticleTest {

  private static final Pattern UUID_V7 =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  private static final String DEFAULT_REQUEST_ID = "req-12345.abc:def_ghi";

  private static Vertx vertx;
  private static Deployed app;

  @BeforeAll
  static void deploy() {
    vertx = MetricsSupport.configure(Vertx.builder()).build();
    app = ServiceHarness.deploy(vertx, ServiceHarness.context(vertx, Map.of("OLYMPUS_BODY_LIMIT_BYTES", "2048")),
        EchoHttpVerticle::new).await();
  }

  @AfterAll
  static void close() {
    app.close(vertx).await();
    vertx.close().await();
  }

  @Test
  void shouldEchoAValidBody(VertxTestContext ctx) {
    JsonObject body = new JsonObject().put("name", "widget").put("quantity", 2);
    app.client().post("/echo").sendJsonObject(body)
        .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
          assertThat(resp.statusCode()).isEqualTo(200);
          assertThat(resp.bodyAsJsonObject()).isEqualTo(body);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldAnswer400ProblemForMalformedJson(VertxTestContext ctx) {
    app.client().post("/echo").putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer("{\"name\": \"widget\", "))
        .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
          assertProblem(resp, 400);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldAnswer415ProblemForWrongContentType(VertxTestContext ctx) {
    app.client().post("/echo").putHeader("Content-Type", "text/plain")
        .sendBuffer(Buffer.buffer("name=widget"))
        .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
          assertProblem(resp, 415);
          assertThat(resp.bodyAsJsonObject().getString("type")).isEqualTo("urn:olympus:problem:unsupported-media-type");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldAnswer413ProblemForOversizedBody(VertxTestContext ctx) {
    JsonObject body = new JsonObject().put("name", "x".repeat(4096)).put("quantity", 1);
    app.client().post("/echo").sendJsonObject(body)
        .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
          assertProblem(resp, 413);
          assertThat(resp.bodyAsJsonObject().getString("type")).isEqualTo("urn:olympus:problem:payload-too-large");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldAnswer404ProblemForUnknownRoute(VertxTestContext ctx) {
    app.client().get("/no/such/thing").send()
        .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
          assertProblem(resp, 404);
          assertThat(resp.bodyAsJsonObject().getString("instance")).isEqualTo("/no/such/thing");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldAnswer405ProblemForWrongMethod(VertxTestContext ctx) {
    app.client().delete("/echo").send()
        .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
          assertProblem(resp, 405);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldAnswer400WithFieldErrorsWhenBodyBreaksTheContract(VertxTestContext ctx) {
    app.client().post("/echo").sendJsonObject(new JsonObject().put("name", "").put("quantity", 0))
        .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
          JsonObject problem = assertProblem(resp, 400);
          assertThat(problem.getString("type")).isEqualTo("urn:olympus:problem:validation");
          JsonArray errors = problem.getJsonArray("errors");
          assertThat(errors).isNotNull();
          List<String> fields = errors.stream().map(e -> ((JsonObject) e).getString("field")).toList();
          assertThat(fields).contains("name", "quantity");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldAnswer400NamingTheParameterWhenAPathParameterBreaksTheContract(VertxTestContext ctx) {
    app.client().get("/items/not-a-number").send()
        .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
          JsonObject problem = assertProblem(resp, 400);
          assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("field")).as(problem.encode())
              .isEqualTo("item_id");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldGenerateARequestIdWhenAbsent(VertxTestContext ctx) {
    app.client().get("/no/such/thing").send()
        .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
          String requestId = resp.getHeader("X-Request-Id");
          assertThat(requestId).matches(UUID_V7);
          assertThat(resp.bodyAsJsonObject().getString("request_id")).isEqualTo(requestId);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldEchoASaneRequestId(VertxTestContext ctx) {
    app.client().get("/no/such/thing").putHeader("X-Request-Id", DEFAULT_REQUEST_ID).send()
        .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
          assertThat(resp.getHeader("X-Request-Id")).isEqualTo(DEFAULT_REQUEST_ID);
          assertThat(resp.bodyAsJsonObject().getString("request_id")).isEqualTo(DEFAULT_REQUEST_ID);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldReplaceAnInsaneRequestId(VertxTestContext ctx) {
    app.client().get("/health/live").putHeader("X-Request-Id", "bad id <script>" + "x".repeat(200)).send()
        .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
          assertThat(resp.statusCode()).isEqualTo(200);
          assertThat(resp.getHeader("X-Request-Id")).matches(UUID_V7);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldSetSecurityHeadersOnEveryResponse(VertxTestContext ctx) {
    app.client().get("/health/live").send()
        .compose(ok -> app.client().get("/no/such/thing").send().map(notFound -> List.of(ok, notFound)))
        .onComplete(ctx.succeeding(responses -> ctx.verify(() -> {
          for (HttpResponse<Buffer> resp : responses) {
            assertThat(resp.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(resp.getHeader("X-Frame-Options")).isEqualTo("DENY");
            assertThat(resp.getHeader("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(resp.getHeader("Content-Security-Policy")).startsWith("default-src 'none'");
            assertThat(resp.getHeader("Cache-Control")).isEqualTo("no-store");
          }
          ctx.completeNow();
        })));
  }

  @Test
  void shouldAnswer500WithOnlyTheRequestIdAndLogItOnce(VertxTestContext ctx) {
    CapturingAppender logs = CapturingAppender.attach(ProblemHandler.class.getName());
    app.client().get("/fail/boom").putHeader("X-Request-Id", DEFAULT_REQUEST_ID).send()
        .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
          logs.detach();
          JsonObject problem = assertProblem(resp, 500);
          assertThat(problem.encode()).doesNotContain("secret internal detail").doesNotContain("IllegalStateException");
          assertThat(problem.getString("request_id")).isEqualTo(DEFAULT_REQUEST_ID);
          assertThat(logs.lines()).hasSize(1);
          assertThat(logs.lines().get(0).level()).isEqualTo("ERROR");
          assertThat(logs.lines().get(0).mdc()).containsEntry("request_id", DEFAULT_REQUEST_ID);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldMapApiExceptionsToTheirStatusAndType(VertxTestContext ctx) {
    app.client().get("/fail/conflict").send()
        .compose(conflict -> app.client().get("/fail/rate-limited").send().map(limited -> List.of(conflict, limited)))
        .onComplete(ctx.succeeding(responses -> ctx.verify(() -> {
          JsonObject conflict = assertProblem(responses.get(0), 409);
          assertThat(conflict.getString("type")).isEqualTo("urn:olympus:problem:conflict");
          assertThat(conflict.getString("detail")).isEqualTo("sku already exists");
          assertProblem(responses.get(1), 429);
          assertThat(responses.get(1).getHeader("Retry-After")).isEqualTo("7");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldCarryTheRequestIdInEveryLogLineOfTheRequest(VertxTestContext ctx) {
    CapturingAppender logs = CapturingAppender.attach(EchoHttpVerticle.class.getName());
    app.client().get("/log").putHeader("X-Request-Id", DEFAULT_REQUEST_ID).send()
        .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
          logs.detach();
          assertThat(resp.statusCode()).isEqualTo(200);
          assertThat(logs.lines()).hasSize(3);
          assertThat(logs.lines()).allSatisfy(line -> {
            assertThat(line.mdc()).containsEntry("request_id", DEFAULT_REQUEST_ID);
            assertThat(line.mdc()).containsEntry("tenant_id", EchoHttpVerticle.TENANT.toString());
          });
          assertThat(logs.lines()).anySatisfy(line -> assertThat(line.thread()).contains("worker"));
          ctx.completeNow();
        })));
  }

  @Test
  void shouldServeMetricsWithHttpServerRequestHistogramsOnTheManagementPortOnly(VertxTestContext ctx) {
    ManagementVerticle management = new ManagementVerticle("127.0.0.1", 0);
    vertx.deployVerticle(management).await();
    app.client().get("/health/live").send()
        .compose(live -> app.client().get("/health/ready").send())
        .compose(ready -> app.client().get("/metrics").send())
        .compose(publicPort -> app.client().get(management.actualPort(), "127.0.0.1", "/metrics").send()
            .map(scrape -> List.of(publicPort, scrape)))
        .onComplete(ctx.succeeding(answers -> ctx.verify(() -> {
          assertThat(answers.get(0).statusCode()).isEqualTo(404);
          HttpResponse<Buffer> resp = answers.get(1);
          assertThat(resp.statusCode()).isEqualTo(200);
          assertThat(resp.getHeader("Content-Type")).startsWith("text/plain");
          String text = resp.bodyAsString();
          assertThat(text).contains("vertx_http_server_requests_total");
          assertThat(text).containsPattern("vertx_http_server_response_time_seconds_bucket\\{[^}]*route=\"/health/live\"");
          assertThat(text).containsPattern("vertx_pool_\\w+\\{[^}]*pool_type=\"sql\"");
          // the readiness check's Redis PING went through the service's named pool
          assertThat(text).containsPattern("vertx_pool_usage_seconds_count\\{pool_name=\"olympus-echo\",pool_type=\"redis\"\\} [1-9]");
          assertThat(text).contains("jvm_memory_used_bytes");
          // the fixed buckets: 20 bounds and +Inf per latency series
          long liveBuckets = text.lines()
              .filter(l -> l.startsWith("vertx_http_server_response_time_seconds_bucket{") && l.contains("route=\"/health/live\"")
                  && l.contains("code=\"200\""))
              .count();
          assertThat(liveBuckets).isEqualTo(21);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldServeTheContractAndSwaggerUi(VertxTestContext ctx) {
    app.client().get("/openapi.yaml").send()
        .compose(doc -> app.client().get("/docs/").send().map(ui -> List.of(doc, ui)))
        .compose(list -> app.client().get("/docs/swagger-initializer.js").send()
            .map(init -> List.of(list.get(0), list.get(1), init)))
        .onComplete(ctx.succeeding(responses -> ctx.verify(() -> {
          assertThat(responses.get(0).statusCode()).isEqualTo(200);
          assertThat(responses.get(0).bodyAsString()).contains("operationId: echo");
          assertThat(responses.get(1).statusCode()).isEqualTo(200);
          assertThat(responses.get(1).bodyAsString()).contains("swagger-ui");
          assertThat(responses.get(1).getHeader("Content-Security-Policy")).startsWith("default-src 'self'");
          assertThat(responses.get(2).bodyAsString()).contains("\"/openapi.yaml\"");
          ctx.completeNow();
        })));
  }

  private static JsonObject assertProblem(HttpResponse<Buffer> resp, int status) {
    assertThat(resp.statusCode()).as(resp.bodyAsString()).isEqualTo(status);
    assertThat(resp.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = resp.bodyAsJsonObject();
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("type")).startsWith("urn:olympus:problem:");
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("request_id")).isEqualTo(resp.getHeader("X-Request-Id"));
    return problem;
  }
}
