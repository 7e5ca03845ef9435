package io.olympus.auth.apikey.http;

import io.olympus.auth.apikey.service.ApiKeyService;
import io.olympus.common.error.ForbiddenException;
import io.olympus.common.error.ValidationException;
import io.olympus.common.http.Http;
import io.olympus.common.http.RequestIdHandler;
import io.olympus.common.security.AuthenticationHandler;
import io.olympus.common.security.Authorization;
import io.olympus.common.security.Principal;
import io.olympus.common.security.Security;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

/** Create, list and revoke API keys; every operation needs {@code api_keys:manage}. */
public final class ApiKeyRoutes {

  public static final String PERMISSION = "api_keys:manage";
  static final int DEFAULT_PAGE = 50;

  private final ApiKeyService apiKeys;
  private final Security security;

  public ApiKeyRoutes(ApiKeyService apiKeys, Security security) {
    this.apiKeys = apiKeys;
    this.security = security;
  }

  public void bind(RouterBuilder builder) {
    builder.getRoute("createApiKey")
        .addHandler(Authorization.require(security, PERMISSION))
        .addHandler(this::createApiKey);
    builder.getRoute("listApiKeys")
        .addHandler(Authorization.require(security, PERMISSION))
        .addHandler(this::listApiKeys);
    builder.getRoute("revokeApiKey")
        .addHandler(Authorization.require(security, PERMISSION))
        .addHandler(this::revokeApiKey);
  }

  private void createApiKey(RoutingContext ctx) {
    Principal p = AuthenticationHandler.principal(ctx);
    JsonObject body = Http.body(ctx);
    Instant expiresAt;
    try {
      expiresAt = body.getString("expires_at") == null ? null : Instant.parse(body.getString("expires_at"));
    } catch (DateTimeParseException e) {
      ctx.fail(new ValidationException("expires_at", "must be an RFC 3339 timestamp"));
      return;
    }
    JsonArray rawScopes = body.getJsonArray("scopes", new JsonArray());
    List<String> scopes = rawScopes.stream().map(String::valueOf).toList();
    String name = body.getString("name");
    apiKeys.validate(name, scopes, expiresAt)
        .compose(valid -> Future.all(valid.stream().map(scope -> grantable(p, scope)).toList()).map(all -> valid))
        .compose(valid -> apiKeys.create(p, name, valid, expiresAt, RequestIdHandler.requestId(ctx)))
        .onSuccess(created -> {
          ctx.response().putHeader("Location", "/api/v1/auth/api-keys/" + created.apiKey().id());
          Http.jsonNoStore(ctx, 201, created.apiKey().toJson().put("key", created.key()));
        })
        .onFailure(ctx::fail);
  }

  private void listApiKeys(RoutingContext ctx) {
    Principal p = AuthenticationHandler.principal(ctx);
    String cursor = ctx.queryParams().get("cursor");
    String limitParam = ctx.queryParams().get("limit");
    int limit = limitParam == null ? DEFAULT_PAGE : Integer.parseInt(limitParam);
    apiKeys.list(p.tenantId(), cursor == null ? null : UUID.fromString(cursor), limit)
        .onSuccess(keys -> {
          JsonObject page = new JsonObject().put("items", new JsonArray(keys.stream().map(k -> k.toJson()).toList()));
          if (keys.size() == limit) {
            page.put("next_cursor", keys.get(keys.size() - 1).id().toString());
          }
          Http.jsonNoStore(ctx, 200, page);
        })
        .onFailure(ctx::fail);
  }

  private void revokeApiKey(RoutingContext ctx) {
    Principal p = AuthenticationHandler.principal(ctx);
    UUID id = Http.uuidParam(ctx, "id");
    apiKeys.revoke(p, id, RequestIdHandler.requestId(ctx))
        .onSuccess(key -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  /** The creator may grant only what they hold themselves (a key: its own scopes; a user: their tenant-wide permissions). */
  private Future<Void> grantable(Principal creator, String scope) {
    return Authorization.check(security, creator, scope, null, null)
        .recover(err -> err instanceof ForbiddenException
            ? Future.failedFuture(new ForbiddenException("You cannot grant " + scope + ": you do not hold it"))
            : Future.failedFuture(err));
  }
}
