package io.olympus.platform.http;

import io.olympus.common.account.AccountUser;
import io.olympus.common.account.UserAccounts;
import io.olympus.common.authz.EffectivePermissions;
import io.olympus.common.http.Http;
import io.olympus.common.security.AuthenticationHandler;
import io.olympus.common.security.Authorization;
import io.olympus.common.security.Principal;
import io.olympus.common.security.Security;
import io.olympus.platform.rbac.Grantor;
import io.olympus.platform.rbac.NewRole;
import io.olympus.platform.rbac.RbacService;
import io.olympus.platform.rbac.Role;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.error.ValidationException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Roles, role assignments and effective permissions. */
final class AccessRoutes {

  private final Security security;
  private final RbacService rbac;
  private final UserAccounts users;

  AccessRoutes(Security security, RbacService rbac, UserAccounts users) {
    this.security = security;
    this.rbac = rbac;
    this.users = users;
  }

  void bind(RouterBuilder builder) {
    builder.getRoute("listRoles")
        .addHandler(Authorization.require(security, "users:read")).addHandler(this::listRoles);
    builder.getRoute("createRole")
        .addHandler(Authorization.require(security, "roles:manage")).addHandler(this::createRole);
    builder.getRoute("updateRole")
        .addHandler(Authorization.require(security, "roles:manage")).addHandler(this::updateRole);
    builder.getRoute("assignUserRole")
        .addHandler(Authorization.require(security, "users:manage")).addHandler(this::assignUserRole);
    builder.getRoute("unassignUserRole")
        .addHandler(Authorization.require(security, "users:manage")).addHandler(this::unassignUserRole);
    builder.getRoute("getUserPermissions")
        .addHandler(Authorization.require(security, "users:read")).addHandler(this::getUserPermissions);
    builder.getRoute("getMyPermissions").addHandler(this::getMyPermissions);
  }

  private void listRoles(RoutingContext ctx) {
    rbac.roles(AuthenticationHandler.principal(ctx).tenantId())
        .onSuccess(roles -> ctx.json(Http.page(roles, Role::toJson, null)))
        .onFailure(ctx::fail);
  }

  private void createRole(RoutingContext ctx) {
    Principal principal = AuthenticationHandler.principal(ctx);
    Future.succeededFuture(Http.body(ctx))
        .map(NewRole::fromJson)
        .compose(role -> rbac.createRole(principal.tenantId(), role, Grantor.of(principal),
            AuthenticationHandler.actor(ctx)))
        .onSuccess(role -> Http.created(ctx, "/api/v1/roles/" + role.id(), role.toJson()))
        .onFailure(ctx::fail);
  }

  private void updateRole(RoutingContext ctx) {
    Principal principal = AuthenticationHandler.principal(ctx);
    UUID roleId = Http.uuidParam(ctx, "role_id");
    JsonObject body = Http.body(ctx);
    if (!body.containsKey("parent_role_id") && !body.containsKey("permissions")) {
      ctx.fail(new ValidationException("body", "must change parent_role_id or permissions"));
      return;
    }
    String parent = body.getString("parent_role_id");
    RbacService.RoleChange change = new RbacService.RoleChange(body.containsKey("parent_role_id"),
        parent == null ? null : UUID.fromString(parent), body.containsKey("permissions"),
        body.containsKey("permissions") ? permissions(body.getJsonArray("permissions")) : null);
    rbac.updateRole(principal.tenantId(), roleId, change, Grantor.of(principal), AuthenticationHandler.actor(ctx))
        .onSuccess(role -> ctx.json(role.toJson())).onFailure(ctx::fail);
  }

  private void assignUserRole(RoutingContext ctx) {
    Principal principal = AuthenticationHandler.principal(ctx);
    UUID userId = Http.uuidParam(ctx, "user_id");
    JsonObject body = Http.body(ctx);
    UUID roleId = UUID.fromString(body.getString("role_id"));
    UUID locationId = body.getString("location_id") == null ? null : UUID.fromString(body.getString("location_id"));
    // the user must be one of the tenant's accounts (another tenant's or an unknown id answers 404)
    requireUser(principal.tenantId(), userId)
        .compose(user -> rbac.assign(principal.tenantId(), userId, roleId, locationId, Grantor.of(principal),
            AuthenticationHandler.actor(ctx)))
        .onSuccess(added -> {
          ctx.response().setStatusCode(added ? 201 : 200);
          ctx.json(new JsonObject().put("user_id", userId.toString()).put("role_id", roleId.toString())
              .put("location_id", locationId == null ? null : locationId.toString()));
        })
        .onFailure(ctx::fail);
  }

  private void unassignUserRole(RoutingContext ctx) {
    Principal principal = AuthenticationHandler.principal(ctx);
    rbac.unassign(principal.tenantId(), Http.uuidParam(ctx, "user_id"), Http.uuidParam(ctx, "role_id"),
            Http.optionalUuidQuery(ctx, "location_id"), Grantor.of(principal), AuthenticationHandler.actor(ctx))
        .onSuccess(removed -> {
          if (removed) {
            Http.noContent(ctx);
          } else {
            ctx.fail(new NotFoundException("no such role assignment"));
          }
        })
        .onFailure(ctx::fail);
  }

  private void getUserPermissions(RoutingContext ctx) {
    Principal principal = AuthenticationHandler.principal(ctx);
    UUID userId = Http.uuidParam(ctx, "user_id");
    requireUser(principal.tenantId(), userId)
        .compose(user -> rbac.effective(principal.tenantId(), userId))
        .onSuccess(effective -> ctx.json(render(effective)))
        .onFailure(ctx::fail);
  }

  private void getMyPermissions(RoutingContext ctx) {
    Principal principal = AuthenticationHandler.principal(ctx);
    // what the services enforce for the caller: the permission cache every service decides with (dropped on every
    // role, assignment or location change of the tenant as its event arrives), so a hot endpoint costs no query; an
    // API key gets its creator's current permissions within its scopes
    security.permissions().effective(principal.tenantId(), principal.userId())
        .map(effective -> !principal.isApiKey() ? effective : new EffectivePermissions(effective.tenantId(),
            effective.userId(), effective.grants().stream().filter(g -> principal.hasScope(g.permission())).toList()))
        .onSuccess(effective -> ctx.json(render(effective)))
        .onFailure(ctx::fail);
  }

  /** The tenant's account {@code userId} (from the auth service); NotFoundException naming {@code user_id} otherwise. */
  private Future<AccountUser> requireUser(UUID tenantId, UUID userId) {
    return users.get(tenantId, userId)
        .recover(err -> Future.failedFuture(err instanceof NotFoundException
            ? new NotFoundException("user_id " + userId + " is not a user of this tenant")
            : err));
  }

  private static JsonObject render(EffectivePermissions effective) {
    JsonArray grants = new JsonArray();
    effective.grants().forEach(g -> grants.add(new JsonObject().put("permission", g.permission())
        .put("location_id", g.locationId() == null ? null : g.locationId().toString())));
    JsonArray tenantWide = new JsonArray();
    effective.grants().stream().filter(g -> g.tenantWide()).map(g -> g.permission()).distinct()
        .forEach(tenantWide::add);
    return new JsonObject().put("permissions", tenantWide).put("grants", grants);
  }

  private static List<String> permissions(JsonArray array) {
    List<String> list = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof String p) || !p.matches("^[a-z_]+:[a-z_]+$")) {
        throw new ValidationException("permissions[" + i + "]", "must be a resource:action string");
      }
      list.add(p);
    }
    return list;
  }
}
