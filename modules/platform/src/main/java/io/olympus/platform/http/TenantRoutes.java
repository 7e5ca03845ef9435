package io.olympus.platform.http;

import io.olympus.common.error.ForbiddenException;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.http.Http;
import io.olympus.common.http.RequestContext;
import io.olympus.common.ratelimit.RateLimits;
import io.olympus.common.security.AuthenticationHandler;
import io.olympus.common.security.Authorization;
import io.olympus.common.security.Principal;
import io.olympus.common.security.Security;
import io.olympus.platform.setting.GlobalSettingService;
import io.olympus.platform.tenant.TenantService;
import io.olympus.platform.tenant.TenantSignUp;
import io.olympus.platform.tenant.TenantUpdate;
import io.olympus.platform.tenant.TenantUsage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.UUID;

/** Tenant sign-up and administration routes. */
final class TenantRoutes {

  static final String SYSTEM_ADMIN_ROLE = "system_admin";
  static final long SIGN_UPS_PER_IP_PER_HOUR = 30;

  private final Security security;
  private final TenantService tenants;
  private final TenantSignUp signUp;
  private final TenantUsage usage;
  private final GlobalSettingService globalSettings;

  TenantRoutes(Security security, TenantService tenants, TenantSignUp signUp, TenantUsage usage,
               GlobalSettingService globalSettings) {
    this.globalSettings = globalSettings;
    this.security = security;
    this.tenants = tenants;
    this.signUp = signUp;
    this.usage = usage;
  }

  void bind(RouterBuilder builder) {
    builder.getRoute("signUpTenant")
        .addHandler(RateLimits.perIp(security.rateLimiter(), "signup", SIGN_UPS_PER_IP_PER_HOUR, 3600))
        .addHandler(this::signUpTenant);
    builder.getRoute("listPlans").addHandler(this::listPlans);
    builder.getRoute("listTenants").addHandler(this::listTenants);
    builder.getRoute("getTenant").addHandler(this::getTenant);
    builder.getRoute("updateTenant")
        .addHandler(Authorization.require(security, "tenant:manage")).addHandler(this::updateTenant);
    builder.getRoute("deleteTenant")
        .addHandler(Authorization.require(security, "tenant:manage")).addHandler(this::deleteTenant);
    builder.getRoute("suspendTenant").addHandler(ctx -> setStatus(ctx, "suspended"));
    builder.getRoute("reactivateTenant").addHandler(ctx -> setStatus(ctx, "active"));
    builder.getRoute("restoreTenant").addHandler(this::restoreTenant);
    builder.getRoute("getTenantUsage").addHandler(this::getTenantUsage);
  }

  private void signUpTenant(RoutingContext ctx) {
    globalSettings.signUpEnabled()
        .compose(open -> open
            ? Future.succeededFuture(Http.body(ctx))
            : Future.<JsonObject>failedFuture(new ForbiddenException("tenant sign-up is closed (global setting "
                + "signup.enabled)")))
        .compose(body -> signUp.signUp(body, RequestContext.currentRequestId()))
        .onSuccess(result -> Http.created(ctx, "/api/v1/tenants/" + result.getJsonObject("tenant").getString("id"),
            result))
        .onFailure(ctx::fail);
  }

  private void listPlans(RoutingContext ctx) {
    tenants.plans()
        .onSuccess(plans -> ctx.json(new JsonObject().put("items", plans)))
        .onFailure(ctx::fail);
  }

  private void listTenants(RoutingContext ctx) {
    Principal principal = AuthenticationHandler.principal(ctx);
    if (!principal.hasRole(SYSTEM_ADMIN_ROLE)) {
      tenants.get(principal.tenantId())
          .onSuccess(t -> ctx.json(Http.page(java.util.List.of(t), x -> x.toJson(), null)))
          .onFailure(ctx::fail);
      return;
    }
    int limit = Http.limit(ctx, 50);
    tenants.listAll(Http.optionalUuidQuery(ctx, "cursor"), limit)
        .onSuccess(list -> ctx.json(Http.page(list, t -> t.toJson(),
            list.size() == limit ? list.get(list.size() - 1).id().toString() : null)))
        .onFailure(ctx::fail);
  }

  private void getTenant(RoutingContext ctx) {
    ownTenant(ctx)
        .compose(tenants::get)
        .onSuccess(tenant -> {
          ctx.response().putHeader("ETag", Http.etag(tenant.version()));
          ctx.json(tenant.toJson());
        })
        .onFailure(ctx::fail);
  }

  private void updateTenant(RoutingContext ctx) {
    ownTenant(ctx)
        .compose(id -> tenants.update(id, TenantUpdate.fromJson(Http.body(ctx), ifMatch(ctx)),
            AuthenticationHandler.actor(ctx)))
        .onSuccess(tenant -> {
          ctx.response().putHeader("ETag", Http.etag(tenant.version()));
          ctx.json(tenant.toJson());
        })
        .onFailure(ctx::fail);
  }

  private void deleteTenant(RoutingContext ctx) {
    ownTenant(ctx)
        .compose(id -> tenants.softDelete(id, AuthenticationHandler.actor(ctx)))
        .onSuccess(v -> Http.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private void setStatus(RoutingContext ctx, String status) {
    Principal principal = AuthenticationHandler.principal(ctx);
    if (!principal.hasRole(SYSTEM_ADMIN_ROLE)) {
      ctx.fail(new ForbiddenException("only system administrators change a tenant's status"));
      return;
    }
    tenants.setStatus(Http.uuidParam(ctx, "tenant_id"), status, AuthenticationHandler.actor(ctx))
        .onSuccess(tenant -> ctx.json(tenant.toJson()))
        .onFailure(ctx::fail);
  }

  private void restoreTenant(RoutingContext ctx) {
    Principal principal = AuthenticationHandler.principal(ctx);
    if (!principal.hasRole(SYSTEM_ADMIN_ROLE)) {
      ctx.fail(new ForbiddenException("only system administrators restore a deleted tenant"));
      return;
    }
    tenants.restore(Http.uuidParam(ctx, "tenant_id"), AuthenticationHandler.actor(ctx))
        .onSuccess(tenant -> ctx.json(tenant.toJson()))
        .onFailure(ctx::fail);
  }

  private void getTenantUsage(RoutingContext ctx) {
    ownTenant(ctx)
        .compose(id -> tenants.get(id).compose(tenant -> usage.counters(id)
            .compose(counters -> tenants.planLimits(tenant.plan())
                .map(limits -> new JsonObject()
                    .put("plan", tenant.plan())
                    .put("limits", limits)
                    .put("usage", counters)))))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  /** The path's tenant id when it is the caller's own tenant; any other id answers 404 (existence is not leaked). */
  private static Future<UUID> ownTenant(RoutingContext ctx) {
    UUID id = Http.uuidParam(ctx, "tenant_id");
    Principal principal = AuthenticationHandler.principal(ctx);
    return id.equals(principal.tenantId()) || principal.hasRole(SYSTEM_ADMIN_ROLE)
        ? Future.succeededFuture(id)
        : Future.failedFuture(new NotFoundException("tenant " + id + " not found"));
  }

  /** The If-Match version; null when absent or {@code *} (any current version: a missing tenant still answers 404). */
  private static Integer ifMatch(RoutingContext ctx) {
    Integer version = Http.ifMatch(ctx);
    return version == null || version == Http.ANY_VERSION ? null : version;
  }

}
