package io.olympus.common.metrics;

import io.olympus.common.http.Problems;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.List;

/**
 * The management port of the process ({@code OLYMPUS_MANAGEMENT_PORT}, default 9000, on
 * {@code OLYMPUS_MANAGEMENT_HOST}): {@code GET /metrics} (Prometheus text of the process-wide registry, every service
 * of the process in one scrape) and {@code GET /health/live}. The public service ports do not serve metrics, so an
 * outside caller can neither read them nor load the process with scrapes; the port is meant for the cluster network
 * only (Prometheus, kubelet), not for the load balancer.
 */
public final class ManagementVerticle extends VerticleBase {

  private final String host;
  private final int port;
  private HttpServer server;

  public ManagementVerticle(String host, int port) {
    this.host = host;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/metrics").handler(MetricsSupport.scrapeHandler());
    router.get("/health/live").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
    router.route().handler(ctx -> ctx.response().setStatusCode(404)
        .putHeader(HttpHeaders.CONTENT_TYPE, Problems.CONTENT_TYPE)
        .end(Problems.body(404, "not-found", "Not Found", "The management port serves /metrics and /health/live",
            ctx.request().path(), null, List.of()).encode()));
    return vertx.createHttpServer()
        .requestHandler(router)
        .listen(port, host)
        .onSuccess(s -> server = s);
  }

  /** The bound port (useful when started on port 0). */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }
}
