package io.olympus.platform.http;

import io.olympus.common.http.Http;
import io.olympus.common.security.AuthenticationHandler;
import io.olympus.common.security.Authorization;
import io.olympus.common.security.Security;
import io.olympus.platform.location.Location;
import io.olympus.platform.location.LocationService;
import io.olympus.platform.location.NewLocation;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.UUID;

/** Location hierarchy routes. Reads and changes of one location are checked against its subtree scope. */
final class LocationRoutes {

  private final Security security;
  private final LocationService locations;

  LocationRoutes(Security security, LocationService locations) {
    this.security = security;
    this.locations = locations;
  }

  void bind(RouterBuilder builder) {
    builder.getRoute("listLocations")
        .addHandler(Authorization.require(security, "locations:read")).addHandler(this::listLocations);
    builder.getRoute("createLocation")
        .addHandler(Authorization.require(security, "locations:manage", LocationRoutes::parentFromBody))
        .addHandler(this::createLocation);
    builder.getRoute("getLocation")
        .addHandler(Authorization.require(security, "locations:read", LocationRoutes::pathLocation))
        .addHandler(this::getLocation);
    builder.getRoute("getLocationSubtree")
        .addHandler(Authorization.require(security, "locations:read", LocationRoutes::pathLocation))
        .addHandler(this::getLocationSubtree);
    builder.getRoute("moveLocation")
        .addHandler(Authorization.require(security, "locations:manage", LocationRoutes::pathLocation))
        .addHandler(this::moveLocation);
    builder.getRoute("deleteLocation")
        .addHandler(Authorization.require(security, "locations:manage", LocationRoutes::pathLocation))
        .addHandler(this::deleteLocation);
  }

  private static UUID pathLocation(RoutingContext ctx) {
    return Http.uuidParam(ctx, "location_id");
  }

  private static UUID parentFromBody(RoutingContext ctx) {
    String parent = Http.body(ctx).getString("parent_id");
    return parent == null ? null : UUID.fromString(parent);
  }

  private void listLocations(RoutingContext ctx) {
    int limit = Http.limit(ctx, 50);
    locations.page(AuthenticationHandler.principal(ctx).tenantId(), ctx.queryParams().get("cursor"), limit)
        .onSuccess(list -> ctx.json(Http.page(list, Location::toJson,
            list.size() == limit ? list.get(list.size() - 1).path() : null)))
        .onFailure(ctx::fail);
  }

  private void createLocation(RoutingContext ctx) {
    Future.succeededFuture(Http.body(ctx))
        .map(NewLocation::fromJson)
        .compose(request -> locations.create(AuthenticationHandler.principal(ctx).tenantId(), request,
            AuthenticationHandler.actor(ctx)))
        .onSuccess(location -> Http.created(ctx, "/api/v1/locations/" + location.id(), location.toJson()))
        .onFailure(ctx::fail);
  }

  private void getLocation(RoutingContext ctx) {
    locations.get(AuthenticationHandler.principal(ctx).tenantId(), pathLocation(ctx))
        .onSuccess(location -> ctx.json(location.toJson()))
        .onFailure(ctx::fail);
  }

  private void getLocationSubtree(RoutingContext ctx) {
    locations.subtree(AuthenticationHandler.principal(ctx).tenantId(), pathLocation(ctx))
        .onSuccess(list -> ctx.json(Http.page(list, Location::toJson, null)))
        .onFailure(ctx::fail);
  }

  private void moveLocation(RoutingContext ctx) {
    JsonObject body = Http.body(ctx);
    UUID parent = body.getString("parent_id") == null ? null : UUID.fromString(body.getString("parent_id"));
    UUID tenantId = AuthenticationHandler.principal(ctx).tenantId();
    // the caller must also manage the destination
    (parent == null
        ? Authorization.check(security, AuthenticationHandler.principal(ctx), "locations:manage", null, null)
        : Authorization.check(security, AuthenticationHandler.principal(ctx), "locations:manage", parent, null))
        .compose(v -> locations.move(tenantId, pathLocation(ctx), parent, AuthenticationHandler.actor(ctx)))
        .onSuccess(location -> ctx.json(location.toJson()))
        .onFailure(ctx::fail);
  }

  private void deleteLocation(RoutingContext ctx) {
    locations.delete(AuthenticationHandler.principal(ctx).tenantId(), pathLocation(ctx),
            AuthenticationHandler.actor(ctx))
        .onSuccess(v -> Http.noContent(ctx))
        .onFailure(ctx::fail);
  }
}
