package io.olympus.auth.session.http;

import io.olympus.auth.session.service.SessionService;
import java.time.Clock;
import io.olympus.auth.abuse.TenantIpGate;
import io.olympus.auth.account.repository.Device;
import io.olympus.auth.account.repository.RequestMeta;
import io.olympus.auth.account.repository.SecurityEvent;
import io.olympus.auth.account.service.TenantBoundTokens;
import io.olympus.auth.http.RequestMetas;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.error.ValidationException;
import io.olympus.common.http.Http;
import io.olympus.common.net.ClientIp;
import io.olympus.common.security.AuthenticationHandler;
import io.olympus.common.security.Authorization;
import io.olympus.common.security.Principal;
import io.olympus.common.security.Security;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.List;
import java.util.UUID;

/** Refresh, sign-out, sessions, devices and security events. */
public final class SessionRoutes {

  static final int DEFAULT_PAGE = 50;
  static final int MAX_PAGE = 200;

  private final SessionService sessions;
  private final Clock clock;
  private final TenantIpGate ipGate;
  private final Security security;

  public SessionRoutes(SessionService sessions, Clock clock, TenantIpGate ipGate, Security security) {
    this.sessions = sessions;
    this.clock = clock;
    this.ipGate = ipGate;
    this.security = security;
  }

  public void bind(RouterBuilder builder) {
    builder.getRoute("refresh").addHandler(this::refresh);
    builder.getRoute("logout").addHandler(this::logout);
    builder.getRoute("logoutAll").addHandler(this::logoutAll);
    builder.getRoute("listSessions").addHandler(this::listSessions);
    builder.getRoute("deleteSession").addHandler(this::deleteSession);
    builder.getRoute("listDevices").addHandler(this::listDevices);
    builder.getRoute("renameDevice").addHandler(this::renameDevice);
    builder.getRoute("deleteDevice").addHandler(this::deleteDevice);
    builder.getRoute("listSecurityEvents").addHandler(this::listSecurityEvents);
    builder.getRoute("listTenantSecurityEvents")
        .addHandler(Authorization.require(security, "users:manage"))
        .addHandler(this::listTenantSecurityEvents);
  }

  private void refresh(RoutingContext ctx) {
    String token = Http.body(ctx).getString("refresh_token");
    var meta = RequestMetas.of(ctx);
    allowedAddress(ctx, token, meta)
        .compose(v -> sessions.refresh(token, meta))
        .onSuccess(result -> Http.jsonNoStore(ctx, 200, result.toJson(clock)))
        .onFailure(ctx::fail);
  }

  /**
   * Checks the client IP against the IP lists of the tenant the refresh token names, before the token rotates (a
   * refused address does not spend it). A token naming no known tenant goes on to fail as an invalid token.
   */
  private Future<Void> allowedAddress(RoutingContext ctx, String token, RequestMeta meta) {
    var parsed = TenantBoundTokens.parse(token);
    if (parsed.isEmpty()) {
      return Future.succeededFuture();
    }
    return security.tenants().byId(parsed.get().tenantId())
        .compose(tenant -> ipGate.check(tenant, ClientIp.address(ctx), null, "refresh", meta))
        .<Void>mapEmpty()
        .recover(err -> err instanceof NotFoundException ? Future.succeededFuture() : Future.failedFuture(err));
  }

  private void logout(RoutingContext ctx) {
    Principal p = AuthenticationHandler.principal(ctx);
    sessions.endCurrentSession(p.tenantId(), p.userId(), p.sessionId(), RequestMetas.of(ctx))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void logoutAll(RoutingContext ctx) {
    Principal p = AuthenticationHandler.principal(ctx);
    sessions.endAllSessions(p.tenantId(), p.userId(), RequestMetas.of(ctx))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void listSessions(RoutingContext ctx) {
    Principal p = AuthenticationHandler.principal(ctx);
    sessions.listSessions(p.tenantId(), p.userId())
        .onSuccess(list -> Http.jsonNoStore(ctx, 200, new JsonObject().put("items",
            new JsonArray(list.stream().map(s -> s.toJson(p.sessionId())).toList()))))
        .onFailure(ctx::fail);
  }

  private void deleteSession(RoutingContext ctx) {
    Principal p = AuthenticationHandler.principal(ctx);
    UUID sessionId = Http.uuidParam(ctx, "id");
    sessions.endSession(p.tenantId(), p.userId(), sessionId, SecurityEvent.SESSION_REVOKED, RequestMetas.of(ctx))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void listDevices(RoutingContext ctx) {
    Principal p = AuthenticationHandler.principal(ctx);
    sessions.listDevices(p.tenantId(), p.userId())
        .onSuccess(list -> Http.jsonNoStore(ctx, 200, new JsonObject().put("items",
            new JsonArray(list.stream().map(SessionRoutes::deviceJson).toList()))))
        .onFailure(ctx::fail);
  }

  private void renameDevice(RoutingContext ctx) {
    Principal p = AuthenticationHandler.principal(ctx);
    UUID deviceId = Http.uuidParam(ctx, "id");
    String name = Http.body(ctx).getString("name").strip();
    if (name.isEmpty()) {
      ctx.fail(new ValidationException("name", "must not be blank"));
      return;
    }
    sessions.renameDevice(p.tenantId(), p.userId(), deviceId, name, RequestMetas.of(ctx))
        .onSuccess(device -> Http.jsonNoStore(ctx, 200, deviceJson(device)))
        .onFailure(ctx::fail);
  }

  private void deleteDevice(RoutingContext ctx) {
    Principal p = AuthenticationHandler.principal(ctx);
    UUID deviceId = Http.uuidParam(ctx, "id");
    sessions.revokeDevice(p.tenantId(), p.userId(), deviceId, RequestMetas.of(ctx))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void listSecurityEvents(RoutingContext ctx) {
    Principal p = AuthenticationHandler.principal(ctx);
    page(ctx, p.tenantId(), p.userId());
  }

  private void listTenantSecurityEvents(RoutingContext ctx) {
    Principal p = AuthenticationHandler.principal(ctx);
    String user = ctx.queryParams().get("user_id");
    UUID userId;
    try {
      userId = user == null ? null : UUID.fromString(user);
    } catch (IllegalArgumentException e) {
      ctx.fail(new ValidationException("user_id", "must be a UUID"));
      return;
    }
    page(ctx, p.tenantId(), userId);
  }

  private void page(RoutingContext ctx, UUID tenantId, UUID userId) {
    int limit;
    UUID before;
    try {
      String rawLimit = ctx.queryParams().get("limit");
      limit = rawLimit == null ? DEFAULT_PAGE : Integer.parseInt(rawLimit);
      String cursor = ctx.queryParams().get("cursor");
      before = cursor == null ? null : UUID.fromString(cursor);
    } catch (IllegalArgumentException e) {
      ctx.fail(new ValidationException("Invalid paging parameters", List.of(
          new io.olympus.common.error.FieldError("limit", "must be an integer from 1 to " + MAX_PAGE),
          new io.olympus.common.error.FieldError("cursor", "must be a cursor from a previous page"))));
      return;
    }
    int size = Math.max(1, Math.min(MAX_PAGE, limit));
    sessions.securityEvents(tenantId, userId, before, size)
        .onSuccess(list -> Http.jsonNoStore(ctx, 200, new JsonObject()
            .put("items", new JsonArray(list.stream().map(SecurityEvent::toJson).toList()))
            .put("next_cursor", list.size() == size ? list.get(list.size() - 1).id().toString() : null)))
        .onFailure(ctx::fail);
  }

  static JsonObject deviceJson(Device d) {
    return new JsonObject()
        .put("id", d.id().toString())
        .put("name", d.name())
        .put("user_agent", d.userAgent())
        .put("first_seen_at", d.firstSeenAt().toString())
        .put("last_seen_at", d.lastSeenAt().toString())
        .put("last_ip", d.lastIp());
  }
}
