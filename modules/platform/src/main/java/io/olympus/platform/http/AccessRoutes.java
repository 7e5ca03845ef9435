package io.olympus.platform.http;

import io.olympus.common.authz.EffectivePermissions;
import io.olympus.common.security.AuthenticationHandler;
import io.olympus.common.security.Authorization;
import io.olympus.common.security.Principal;
import io.olympus.common.security.Security;
import io.olympus.platform.rbac.NewRole;
import io.olympus.platform.rbac.RbacService;
import io.olympus.platform.rbac.Role;
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

  AccessRoutes(Security security, RbacService rbac) {
    this.security = security;
    this.rbac = rbac;
  }

  void bind(RouterBuilder builder) {
    builder.getRoute("listRoles").addHandler(security.authenticate())
        .addHandler(Authorization.require(security, "users:read")).addHandler(this::listRoles);
    builder.getRoute("createRole").addHandler(security.authenticate())
        .addHandler(Authorization.require(security, "roles:manage")).addHandler(this::createRole);
    builder.getRoute("updateRole").addHandler(security.authenticate())
        .addHandler(Authorization.require(security, "roles:manage")).addHandler(this::updateRole);
    builder.getRoute("assignUserRole").addHandler(security.authenticate())
        .addHandler(Authorization.require(security, "users:manage")).addHandler(this::assignUserRole);
    builder.getRoute("unassignUserRole").addHandler(security.authenticate())
        .addHandler(Authorization.require(security, "users:manage")).addHandler(this::unassignUserRole);
    builder.getRoute("getUserPermissions").addHandler(security.authenticate())
        .addHandler(Authorization.require(security, "users:read")).addHandler(this::getUserPermissions);
    builder.getRoute("getMyPermissions").addHandler(security.authenticate()).addHandler(this::getMyPermissions);
  }

  private void listRoles(RoutingContext ctx) {
    rbac.roles(AuthenticationHandler.principal(ctx).tenantId())
        .onSuccess(roles -> ctx.json(Replies.page(roles, Role::toJson, null)))
        .onFailure(ctx::fail);
  }

  private void createRole(RoutingContext ctx) {
    Principal principal = AuthenticationHandler.principal(ctx);
    Future.succeededFuture(Replies.body(ctx))
        .map(NewRole::fromJson)
        .compose(role -> rbac.createRole(principal.tenantId(), role, AuthenticationHandler.actor(ctx)))
        .onSuccess(role -> Replies.created(ctx, "/api/v1/roles/" + role.id(), role.toJson()))
        .onFailure(ctx::fail);
  }

  private void updateRole(RoutingContext ctx) {
    Principal principal = AuthenticationHandler.principal(ctx);
    UUID roleId = Replies.uuidParam(ctx, "role_id");
    JsonObject body = Replies.body(ctx);
    Future<Role> result = Future.succeededFuture();
    if (body.containsKey("parent_role_id")) {
      String parent = body.getString("parent_role_id");
      result = result.compose(r -> rbac.setParent(principal.tenantId(), roleId,
          parent == null ? null : UUID.fromString(parent), AuthenticationHandler.actor(ctx)));
    }
    if (body.containsKey("permissions")) {
      List<String> permissions = permissions(body.getJsonArray("permissions"));
      result = result.compose(r -> rbac.setPermissions(principal.tenantId(), roleId, permissions,
          AuthenticationHandler.actor(ctx)));
    }
    if (!body.containsKey("parent_role_id") && !body.containsKey("permissions")) {
      result = Future.failedFuture(new ValidationException("body", "must change parent_role_id or permissions"));
    }
    result.onSuccess(role -> ctx.json(role.toJson())).onFailure(ctx::fail);
  }

  private void assignUserRole(RoutingContext ctx) {
    Principal principal = AuthenticationHandler.principal(ctx);
    UUID userId = Replies.uuidParam(ctx, "user_id");
    JsonObject body = Replies.body(ctx);
    UUID roleId = UUID.fromString(body.getString("role_id"));
    UUID locationId = body.getString("location_id") == null ? null : UUID.fromString(body.getString("location_id"));
    rbac.assign(principal.tenantId(), userId, roleId, locationId, AuthenticationHandler.actor(ctx))
        .onSuccess(added -> {
          ctx.response().setStatusCode(added ? 201 : 200);
          ctx.json(new JsonObject().put("user_id", userId.toString()).put("role_id", roleId.toString())
              .put("location_id", locationId == null ? null : locationId.toString()));
        })
        .onFailure(ctx::fail);
  }

  private void unassignUserRole(RoutingContext ctx) {
    Principal principal = AuthenticationHandler.principal(ctx);
    rbac.unassign(principal.tenantId(), Replies.uuidParam(ctx, "user_id"), Replies.uuidParam(ctx, "role_id"),
            Replies.optionalUuidQuery(ctx, "location_id"), AuthenticationHandler.actor(ctx))
        .onSuccess(removed -> {
          if (removed) {
            Replies.noContent(ctx);
          } else {
            ctx.fail(new io.olympus.common.error.NotFoundException("no such role assignment"));
          }
        })
        .onFailure(ctx::fail);
  }

  private void getUserPermissions(RoutingContext ctx) {
    Principal principal = AuthenticationHandler.principal(ctx);
    rbac.effective(principal.tenantId(), Replies.uuidParam(ctx, "user_id"))
        .onSuccess(effective -> ctx.json(render(effective)))
        .onFailure(ctx::fail);
  }

  private void getMyPermissions(RoutingContext ctx) {
    Principal principal = AuthenticationHandler.principal(ctx);
    if (principal.isApiKey()) {
      ctx.json(new JsonObject().put("permissions", new JsonArray(principal.scopes())).put("grants", new JsonArray()));
      return;
    }
    // what the services enforce for the caller: the permission cache every service decides with (dropped on every
    // role, assignment or location change of the tenant as its event arrives), so a hot endpoint costs no query
    security.permissions().effective(principal.tenantId(), principal.userId())
        .onSuccess(effective -> ctx.json(render(effective)))
        .onFailure(ctx::fail);
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
