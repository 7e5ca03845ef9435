package io.olympus.commerce;

import io.olympus.common.http.ServiceHttpVerticle;
import io.olympus.common.service.ServiceContext;
import io.vertx.ext.web.Router;

/** HTTP routes of the commerce service. */
final class CommerceHttpVerticle extends ServiceHttpVerticle {

  CommerceHttpVerticle(ServiceContext context, int port) {
    super(context, CommerceService.NAME, port);
  }

  @Override
  protected void addRoutes(Router router) {
    // API routes arrive with the service's issue.
  }
}
