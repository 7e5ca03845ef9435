package io.olympus.platform.http;

import io.olympus.common.http.Http;
import io.olympus.common.security.AuthenticationHandler;
import io.olympus.common.security.Authorization;
import io.olympus.common.security.Principal;
import io.olympus.common.security.Security;
import io.olympus.platform.audit.AuditQueries;
import io.olympus.platform.flag.FeatureFlag;
import io.olympus.platform.flag.FlagInput;
import io.olympus.platform.flag.FlagService;
import io.olympus.platform.setting.SettingService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.UUID;

/** Feature flags, tenant settings and the audit log. */
final class TenantConfigRoutes {

  private final Security security;
  private final FlagService flags;
  private final SettingService settings;
  private final AuditQueries audit;

  TenantConfigRoutes(Security security, FlagService flags, SettingService settings, AuditQueries audit) {
    this.security = security;
    this.flags = flags;
    this.settings = settings;
    this.audit = audit;
  }

  void bind(RouterBuilder builder) {
    builder.getRoute("listFlags")
        .addHandler(Authorization.require(security, "flags:manage")).addHandler(this::listFlags);
    builder.getRoute("putFlag")
        .addHandler(Authorization.require(security, "flags:manage")).addHandler(this::putFlag);
    builder.getRoute("deleteFlag")
        .addHandler(Authorization.require(security, "flags:manage")).addHandler(this::deleteFlag);
    builder.getRoute("evaluateFlags").addHandler(this::evaluateFlags);
    builder.getRoute("getSettings").addHandler(this::getSettings);
    builder.getRoute("updateSettings")
        .addHandler(Authorization.require(security, "settings:manage")).addHandler(this::updateSettings);
    builder.getRoute("listAuditEntries")
        .addHandler(Authorization.require(security, "audit:read")).addHandler(this::listAuditEntries);
    builder.getRoute("verifyAuditChain")
        .addHandler(Authorization.require(security, "audit:read")).addHandler(this::verifyAuditChain);
  }

  private void listFlags(RoutingContext ctx) {
    flags.list(AuthenticationHandler.principal(ctx).tenantId())
        .onSuccess(list -> ctx.json(Http.page(list, FeatureFlag::toJson, null)))
        .onFailure(ctx::fail);
  }

  private void putFlag(RoutingContext ctx) {
    Future.succeededFuture(Http.body(ctx).copy().put("key", ctx.pathParam("key")))
        .map(FlagInput::fromJson)
        .compose(input -> flags.upsert(AuthenticationHandler.principal(ctx).tenantId(), input,
            AuthenticationHandler.actor(ctx)))
        .onSuccess(flag -> ctx.json(flag.toJson()))
        .onFailure(ctx::fail);
  }

  private void deleteFlag(RoutingContext ctx) {
    flags.delete(AuthenticationHandler.principal(ctx).tenantId(), ctx.pathParam("key"), AuthenticationHandler.actor(ctx))
        .onSuccess(v -> Http.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private void evaluateFlags(RoutingContext ctx) {
    Principal principal = AuthenticationHandler.principal(ctx);
    String location = Http.body(ctx).getString("location_id");
    flags.evaluateAll(principal.tenantId(), principal.userId(), principal.roles(),
            location == null ? null : UUID.fromString(location))
        .onSuccess(result -> {
          JsonObject json = new JsonObject();
          result.forEach((key, evaluation) -> json.put(key, evaluation.toJson()));
          ctx.json(new JsonObject().put("flags", json));
        })
        .onFailure(ctx::fail);
  }

  private void getSettings(RoutingContext ctx) {
    settings.effective(AuthenticationHandler.principal(ctx).tenantId())
        .onSuccess(values -> ctx.json(new JsonObject(values)))
        .onFailure(ctx::fail);
  }

  private void updateSettings(RoutingContext ctx) {
    settings.update(AuthenticationHandler.principal(ctx).tenantId(), Http.body(ctx), AuthenticationHandler.actor(ctx))
        .onSuccess(values -> ctx.json(new JsonObject(values)))
        .onFailure(ctx::fail);
  }

  private void listAuditEntries(RoutingContext ctx) {
    var q = ctx.queryParams();
    AuditQueries.Filter filter = new AuditQueries.Filter(q.get("resource_type"), q.get("resource_id"),
        q.get("actor_id"), q.get("action"), q.get("cursor"), Http.limit(ctx, 50));
    audit.page(AuthenticationHandler.principal(ctx).tenantId(), filter)
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private void verifyAuditChain(RoutingContext ctx) {
    audit.verify(AuthenticationHandler.principal(ctx).tenantId())
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }
}
