package io.olympus.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.http.ServiceHttpVerticle;
import io.olympus.common.metrics.MetricsSupport;
import io.olympus.common.service.ServiceContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operational endpoints every service serves: extend it in a service module with the service's
 * HTTP verticle and the title of its OpenAPI document.
 */
@ExtendWith(VertxExtension.class)
public abstract class OperationalEndpointsContract {

  private Vertx vertx;
  private ServiceHarness.Deployed app;

  /** Makes the service's HTTP verticle for a context (port 0), through the service's composition root on {@code vertx}. */
  protected abstract Function<ServiceContext, ServiceHttpVerticle> verticle(Vertx vertx);

  /** The {@code info.title} of the service's OpenAPI document. */
  protected abstract String contractTitle();

  @BeforeEach
  void deploy() {
    vertx = MetricsSupport.configure(Vertx.builder()).build();
    app = ServiceHarness.deploy(vertx, verticle(vertx)).await();
  }

  @AfterEach
  void close() {
    app.close(vertx).await();
    vertx.close().await();
  }

  @Test
  void shouldServeItsOpenApiDocument(VertxTestContext ctx) {
    app.client().get("/openapi.yaml").send()
        .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
          assertThat(resp.statusCode()).isEqualTo(200);
          assertThat(resp.getHeader("Content-Type")).startsWith("application/yaml");
          assertThat(resp.bodyAsString()).startsWith("openapi: 3.1.0").contains("title: " + contractTitle());
          ctx.completeNow();
        })));
  }

  @Test
  void shouldServeSwaggerUiAtDocs(VertxTestContext ctx) {
    app.client().get("/docs").send()
        .compose(redirect -> app.client().get("/docs/").send()
            .map(page -> new Object[] {redirect, page}))
        .onComplete(ctx.succeeding(responses -> ctx.verify(() -> {
          var redirect = (io.vertx.ext.web.client.HttpResponse<?>) responses[0];
          var page = (io.vertx.ext.web.client.HttpResponse<?>) responses[1];
          assertThat(redirect.statusCode()).isEqualTo(302);
          assertThat(redirect.getHeader("Location")).isEqualTo("/docs/");
          assertThat(page.statusCode()).isEqualTo(200);
          assertThat(page.getHeader("Content-Type")).startsWith("text/html");
          assertThat(page.bodyAsString()).contains("swagger-ui-bundle.js");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldBeReadyAndKeepMetricsOffThePublicPort(VertxTestContext ctx) {
    readiness(40)
        .compose(ready -> app.client().get("/metrics").send().map(metrics -> new Object[] {ready, metrics}))
        .onComplete(ctx.succeeding(responses -> ctx.verify(() -> {
          var ready = (io.vertx.ext.web.client.HttpResponse<?>) responses[0];
          var metrics = (io.vertx.ext.web.client.HttpResponse<?>) responses[1];
          assertThat(ready.statusCode()).as(ready.bodyAsString()).isEqualTo(200);
          // metrics are served on the process's management port (ManagementVerticle), never on a service port
          assertThat(metrics.statusCode()).isEqualTo(404);
          assertThat(metrics.getHeader("Content-Type")).isEqualTo("application/problem+json");
          ctx.completeNow();
        })));
  }

  /**
   * The readiness answer once it is 200, asked again every 250 ms up to {@code attempts} times: a cold JVM on a busy
   * machine may take longer than a check's time limit for its first checks, and readiness is then rightly 503.
   */
  private Future<HttpResponse<Buffer>> readiness(int attempts) {
    return app.client().get("/health/ready").send()
        .compose(ready -> ready.statusCode() == 200 || attempts <= 1
            ? Future.succeededFuture(ready)
            : Future.<Void>future(p -> vertx.setTimer(250, id -> p.complete())).compose(v -> readiness(attempts - 1)));
  }
}
