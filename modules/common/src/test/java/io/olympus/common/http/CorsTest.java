package io.olympus.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.testing.ServiceHarness;
import io.olympus.common.testing.ServiceHarness.Deployed;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class CorsTest {

  private static final String DEFAULT_ORIGIN = "https://shop.example.com";

  @Test
  void shouldAllowAConfiguredOrigin(Vertx vertx, VertxTestContext ctx) {
    Deployed app = ServiceHarness.deploy(vertx, ServiceHarness.context(vertx, Map.of("OLYMPUS_CORS_ORIGINS", DEFAULT_ORIGIN)),
        EchoHttpVerticle::new).await();
    app.client().request(HttpMethod.OPTIONS, "/echo")
        .putHeader("Origin", DEFAULT_ORIGIN)
        .putHeader("Access-Control-Request-Method", "POST")
        .putHeader("Access-Control-Request-Headers", "content-type")
        .send()
        .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
          assertThat(resp.statusCode()).isEqualTo(204);
          assertThat(resp.getHeader("Access-Control-Allow-Origin")).isEqualTo(DEFAULT_ORIGIN);
          assertThat(resp.getHeader("Access-Control-Allow-Methods")).contains("POST");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldAllowNoOriginByDefault(Vertx vertx, VertxTestContext ctx) {
    Deployed app = ServiceHarness.deploy(vertx, EchoHttpVerticle::new).await();
    app.client().get("/health/live")
        .putHeader("Origin", DEFAULT_ORIGIN)
        .send()
        .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
          assertThat(resp.statusCode()).isEqualTo(200);
          assertThat(resp.getHeader("Access-Control-Allow-Origin")).isNull();
          ctx.completeNow();
        })));
  }
}
