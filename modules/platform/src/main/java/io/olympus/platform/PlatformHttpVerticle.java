package io.olympus.platform;

import io.olympus.common.http.ServiceHttpVerticle;
import io.olympus.common.service.ServiceContext;
import io.olympus.platform.http.PlatformRoutes;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** HTTP routes of the platform service (contract: {@code openapi/platform.yaml}). */
final class PlatformHttpVerticle extends ServiceHttpVerticle {

  PlatformHttpVerticle(ServiceContext context, int port) {
    super(context, PlatformService.NAME, port);
  }

  @Override
  protected void bindOperations(RouterBuilder builder) {
    PlatformRoutes.bind(builder, vertx, context, pool());
  }
}
