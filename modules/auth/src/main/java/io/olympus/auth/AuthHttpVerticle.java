package io.olympus.auth;

import io.olympus.common.http.ServiceHttpVerticle;
import io.olympus.common.service.ServiceContext;
import io.vertx.ext.web.Router;

/** HTTP routes of the auth service. */
final class AuthHttpVerticle extends ServiceHttpVerticle {

  AuthHttpVerticle(ServiceContext context, int port) {
    super(context, AuthService.NAME, port);
  }

  @Override
  protected void addRoutes(Router router) {
    // API routes arrive with the service's issue.
  }
}
