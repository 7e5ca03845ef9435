package io.olympus.platform.http;

import io.olympus.common.account.UserAccounts;
import io.olympus.common.http.Http;
import io.olympus.common.json.JsonInput;
import io.olympus.common.security.AuthenticationHandler;
import io.olympus.common.security.Authorization;
import io.olympus.common.security.Principal;
import io.olympus.common.security.Security;
import io.olympus.platform.user.UserAdminService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.UUID;

/** The users admin view: list and search, profile, deactivate and reactivate (accounts live in the auth service). */
final class UserRoutes {

  private final Security security;
  private final UserAdminService users;

  UserRoutes(Security security, UserAdminService users) {
    this.security = security;
    this.users = users;
  }

  void bind(RouterBuilder builder) {
    builder.getRoute("listUsers")
        .addHandler(Authorization.require(security, "users:read")).addHandler(this::listUsers);
    builder.getRoute("getUser").addHandler(this::getUser);
    builder.getRoute("updateUser")
        .addHandler(Authorization.require(security, "users:manage")).addHandler(this::updateUser);
    builder.getRoute("deactivateUser")
        .addHandler(Authorization.require(security, "users:manage")).addHandler(this::deactivateUser);
    builder.getRoute("reactivateUser")
        .addHandler(Authorization.require(security, "users:manage")).addHandler(this::reactivateUser);
  }

  private void listUsers(RoutingContext ctx) {
    Principal principal = AuthenticationHandler.principal(ctx);
    String limit = ctx.queryParams().get("limit");
    UserAccounts.Query request = new UserAccounts.Query(ctx.queryParams().get("q"),
        ctx.queryParams().get("status"), null, limit == null ? null : Integer.valueOf(limit),
        ctx.queryParams().get("cursor"));
    users.list(principal.tenantId(), request, Http.optionalUuidQuery(ctx, "role_id"))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  /** {@code users:read}, or the caller's own record (the "own" rule). */
  private void getUser(RoutingContext ctx) {
    Principal principal = AuthenticationHandler.principal(ctx);
    UUID userId = Http.uuidParam(ctx, "user_id");
    Authorization.check(security, principal, "users:read", null, userId)
        .compose(v -> users.get(principal.tenantId(), userId))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private void updateUser(RoutingContext ctx) {
    Principal principal = AuthenticationHandler.principal(ctx);
    UUID userId = Http.uuidParam(ctx, "user_id");
    Future.succeededFuture(Http.body(ctx))
        .map(UserRoutes::displayName)
        .compose(name -> users.updateDisplayName(principal.tenantId(), userId, name, AuthenticationHandler.actor(ctx)))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private void deactivateUser(RoutingContext ctx) {
    Principal principal = AuthenticationHandler.principal(ctx);
    users.deactivate(principal.tenantId(), principal.userId(), Http.uuidParam(ctx, "user_id"),
            AuthenticationHandler.actor(ctx))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private void reactivateUser(RoutingContext ctx) {
    Principal principal = AuthenticationHandler.principal(ctx);
    users.reactivate(principal.tenantId(), Http.uuidParam(ctx, "user_id"), AuthenticationHandler.actor(ctx))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private static String displayName(JsonObject body) {
    JsonInput in = new JsonInput(body);
    String name = in.requiredString("display_name", 1, 100);
    in.validate();
    return name;
  }
}
