package io.olympus.auth;

import io.olympus.common.http.ServiceHttpVerticle;
import io.olympus.common.service.ServiceContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/**
 * HTTP routes of the auth service, one instance per event loop; the services behind them come from the process's
 * composition root ({@link AuthComponents}), built once.
 */
public final class AuthHttpVerticle extends ServiceHttpVerticle {

  private final AuthComponents components;

  /** Operational endpoints only (no components): used by tests of the shared HTTP stack. */
  AuthHttpVerticle(ServiceContext context, int port) {
    this(context, port, null);
  }

  public AuthHttpVerticle(ServiceContext context, int port, AuthComponents components) {
    super(context, AuthService.NAME, port);
    this.components = components;
  }

  @Override
  protected void bindOperations(RouterBuilder builder) {
    if (components == null) {
      return;
    }
    components.bindRoutes(builder, security());
  }
}
