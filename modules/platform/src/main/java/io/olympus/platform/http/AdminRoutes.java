package io.olympus.platform.http;

import io.olympus.common.error.ForbiddenException;
import io.olympus.common.http.Http;
import io.olympus.common.security.AuthenticationHandler;
import io.olympus.common.security.Security;
import io.olympus.platform.audit.AuditQueries;
import io.olympus.platform.audit.SystemAudit;
import io.olympus.platform.setting.GlobalSettingService;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/**
 * System administration routes under {@code /api/v1/admin}: global settings and the system audit chain.
 * Guarded by the {@code system_admin} role claim, never by tenant roles or permissions.
 */
final class AdminRoutes {

  private final Security security;
  private final GlobalSettingService settings;
  private final AuditQueries audit;

  AdminRoutes(Security security, GlobalSettingService settings, AuditQueries audit) {
    this.security = security;
    this.settings = settings;
    this.audit = audit;
  }

  void bind(RouterBuilder builder) {
    builder.getRoute("listGlobalSettings").addHandler(systemAdmin())
        .addHandler(this::list);
    builder.getRoute("getGlobalSetting").addHandler(systemAdmin())
        .addHandler(this::get);
    builder.getRoute("putGlobalSetting").addHandler(systemAdmin())
        .addHandler(this::put);
    builder.getRoute("deleteGlobalSetting").addHandler(systemAdmin())
        .addHandler(this::reset);
    builder.getRoute("listSystemAuditEntries").addHandler(systemAdmin())
        .addHandler(this::listAudit);
    builder.getRoute("verifySystemAuditChain").addHandler(systemAdmin())
        .addHandler(this::verifyAudit);
  }

  /** 403 unless the caller holds the system administrator role claim. */
  static Handler<RoutingContext> systemAdmin() {
    return ctx -> {
      if (AuthenticationHandler.principal(ctx).hasRole(TenantRoutes.SYSTEM_ADMIN_ROLE)) {
        ctx.next();
      } else {
        ctx.fail(new ForbiddenException("requires the system administrator role (" + TenantRoutes.SYSTEM_ADMIN_ROLE
            + ")"));
      }
    };
  }

  private void list(RoutingContext ctx) {
    settings.list()
        .onSuccess(all -> {
          JsonArray items = new JsonArray();
          all.forEach(setting -> items.add(setting.toJson()));
          ctx.json(new JsonObject().put("items", items));
        })
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    settings.get(ctx.pathParam("key"))
        .onSuccess(setting -> ctx.json(setting.toJson()))
        .onFailure(ctx::fail);
  }

  private void put(RoutingContext ctx) {
    settings.put(ctx.pathParam("key"), Http.body(ctx), AuthenticationHandler.actor(ctx))
        .onSuccess(setting -> ctx.json(setting.toJson()))
        .onFailure(ctx::fail);
  }

  private void reset(RoutingContext ctx) {
    settings.reset(ctx.pathParam("key"), AuthenticationHandler.actor(ctx))
        .onSuccess(v -> Http.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private void listAudit(RoutingContext ctx) {
    var q = ctx.queryParams();
    AuditQueries.Filter filter = new AuditQueries.Filter(q.get("resource_type"), q.get("resource_id"),
        q.get("actor_id"), q.get("action"), q.get("cursor"), Http.limit(ctx, 50));
    audit.page(SystemAudit.CHAIN, filter)
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private void verifyAudit(RoutingContext ctx) {
    audit.verify(SystemAudit.CHAIN)
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }
}
