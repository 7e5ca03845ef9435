package io.olympus.platform;

import io.olympus.common.http.ServiceHttpVerticle;
import io.olympus.common.service.ServiceContext;
import io.vertx.ext.web.Router;

/** HTTP routes of the platform service. */
final class PlatformHttpVerticle extends ServiceHttpVerticle {

  PlatformHttpVerticle(ServiceContext context, int port) {
    super(context, PlatformService.NAME, port);
  }

  @Override
  protected void addRoutes(Router router) {
    // API routes arrive with the service's issue.
  }
}
