package io.olympus.app;

import io.olympus.common.http.ServiceHttpVerticle;
import io.olympus.common.security.AuthenticationHandler;
import io.olympus.common.security.Authorization;
import io.olympus.common.security.Principal;
import io.olympus.common.security.Security;
import io.olympus.common.service.ServiceContext;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A test-only service next to auth and platform: the platform and commerce modules expose no protected HTTP route yet,
 * so this one stands for "another service" using the shared {@link Security} stack exactly as they will:
 * {@code GET /api/v1/probe/products} needs {@code products:read}, {@code POST /api/v1/probe/products} needs
 * {@code products:write}. Both answer the caller's tenant and user.
 */
final class ProbeHttpVerticle extends ServiceHttpVerticle {

  ProbeHttpVerticle(ServiceContext context) {
    super(context, "probe", 0);
  }

  @Override
  protected String contractPath() {
    return "openapi/echo.yaml";
  }

  @Override
  protected void addRoutes(Router router) {
    Security security = security();
    router.get("/api/v1/probe/products").handler(security.authenticate())
        .handler(Authorization.require(security, "products:read"))
        .handler(this::whoAmI);
    router.post("/api/v1/probe/products").handler(security.authenticate())
        .handler(Authorization.require(security, "products:write"))
        .handler(this::whoAmI);
  }

  private void whoAmI(RoutingContext ctx) {
    Principal p = AuthenticationHandler.principal(ctx);
    ctx.json(new JsonObject().put("tenant_id", p.tenantId().toString()).put("user_id", p.userId().toString())
        .put("amr", p.amr()));
  }
}
