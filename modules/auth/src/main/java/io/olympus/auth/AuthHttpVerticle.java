package io.olympus.auth;

import io.olympus.auth.apikey.http.ApiKeyRoutes;
import io.olympus.auth.login.http.LoginRoutes;
import io.olympus.auth.mfa.http.MfaRoutes;
import io.olympus.auth.password.http.PasswordRoutes;
import io.olympus.auth.registration.http.RegistrationRoutes;
import io.olympus.auth.session.http.SessionRoutes;
import io.olympus.auth.token.http.JwksRoutes;
import io.olympus.common.http.ServiceHttpVerticle;
import io.olympus.common.security.Security;
import io.olympus.common.service.ServiceContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** HTTP routes of the auth service; the process-wide parts come in through {@link AuthCore}. */
public final class AuthHttpVerticle extends ServiceHttpVerticle {

  private final AuthCore core;

  /** Operational endpoints only (no core): used by tests of the shared HTTP stack. */
  AuthHttpVerticle(ServiceContext context, int port) {
    this(context, port, null);
  }

  public AuthHttpVerticle(ServiceContext context, int port, AuthCore core) {
    super(context, AuthService.NAME, port);
    this.core = core;
  }

  @Override
  protected void bindOperations(RouterBuilder builder) {
    if (core == null) {
      return;
    }
    Security security = Security.of(vertx, context);
    new JwksRoutes(core).bind(builder);
    new RegistrationRoutes(core, security).bind(builder);
    new LoginRoutes(core, security).bind(builder);
    new SessionRoutes(core, security).bind(builder);
    new MfaRoutes(core, security).bind(builder);
    new PasswordRoutes(core, security).bind(builder);
    new ApiKeyRoutes(core, security).bind(builder);
  }
}
