package io.olympus.common.http;

import io.olympus.common.service.ServiceContext;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

/**
 * The HTTP front of one service, deployed once per event loop. Subclasses add their API routes;
 * this base wires the shared stack (request id, problem+json errors, health, metrics, OpenAPI).
 */
public abstract class ServiceHttpVerticle extends VerticleBase {

  protected final ServiceContext context;
  private final String serviceName;
  private final int port;
  private HttpServer server;

  protected ServiceHttpVerticle(ServiceContext context, String serviceName, int port) {
    this.context = context;
    this.serviceName = serviceName;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/health/live").handler(ctx -> ctx.json(new io.vertx.core.json.JsonObject().put("status", "UP")));
    addRoutes(router);
    return vertx.createHttpServer()
        .requestHandler(router)
        .listen(port, context.config().httpHost())
        .onSuccess(s -> server = s);
  }

  /** Adds this service's API routes to the router. */
  protected abstract void addRoutes(Router router);

  public String serviceName() {
    return serviceName;
  }

  /** The bound port (useful when started on port 0). */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }
}
