package io.olympus.platform;

import io.olympus.common.http.ServiceHttpVerticle;
import io.olympus.common.service.ServiceContext;
import io.olympus.platform.http.PlatformRoutes;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/**
 * HTTP routes of the platform service (contract: {@code openapi/platform.yaml}); one instance per event loop, all
 * binding the same services from the platform's composition root ({@link PlatformComponents}).
 */
final class PlatformHttpVerticle extends ServiceHttpVerticle {

  private final PlatformRoutes routes;

  PlatformHttpVerticle(ServiceContext context, int port, PlatformRoutes routes) {
    super(context, PlatformService.NAME, port);
    this.routes = routes;
  }

  @Override
  protected void bindOperations(RouterBuilder builder) {
    routes.bind(builder, security());
  }
}
