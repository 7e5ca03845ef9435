package io.olympus.commerce.shipping.http;

import static io.olympus.commerce.http.CommercePermissions.PRODUCTS_READ;
import static io.olympus.commerce.http.CommercePermissions.PRODUCTS_WRITE;

import io.olympus.commerce.http.CommerceRoutes;
import io.olympus.commerce.http.Http;
import io.olympus.commerce.http.RouteBinder;
import io.olympus.commerce.shipping.model.ShippingMethodInput;
import io.olympus.commerce.shipping.model.ShippingOption;
import io.olympus.commerce.shipping.model.ShippingQuoteRequest;
import io.olympus.commerce.shipping.model.ShippingZone;
import io.olympus.commerce.shipping.model.ShippingZoneInput;
import io.olympus.commerce.shipping.service.ShippingService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** Handlers of the shipping configuration and quotes: reads and quotes need {@code products:read}, changes {@code products:write}. */
public final class ShippingRoutes implements CommerceRoutes {

  private final ShippingService shipping;

  public ShippingRoutes(ShippingService shipping) {
    this.shipping = shipping;
  }

  @Override
  public void bind(RouteBinder binder) {
    binder.read("listShippingZones", PRODUCTS_READ, this::listZones);
    binder.write("createShippingZone", PRODUCTS_WRITE, this::createZone);
    binder.write("deleteShippingZone", PRODUCTS_WRITE, this::deleteZone);
    binder.write("createShippingMethod", PRODUCTS_WRITE, this::createMethod);
    binder.write("deleteShippingMethod", PRODUCTS_WRITE, this::deleteMethod);
    binder.read("quoteShipping", PRODUCTS_READ, this::quote);
  }

  private void listZones(RoutingContext ctx) {
    shipping.zones(Http.tenant(ctx))
        .onSuccess(zones -> Http.json(ctx, 200, new JsonObject()
            .put("items", new JsonArray(zones.stream().map(ShippingZone::toJson).toList()))))
        .onFailure(ctx::fail);
  }

  private void createZone(RoutingContext ctx) {
    ShippingZoneInput input = ShippingZoneInput.fromJson(Http.body(ctx));
    shipping.createZone(Http.tenant(ctx), input)
        .onSuccess(zone -> Http.created(ctx, "/api/v1/shipping/zones/" + zone.id(), zone.toJson()))
        .onFailure(ctx::fail);
  }

  private void deleteZone(RoutingContext ctx) {
    shipping.deleteZone(Http.tenant(ctx), Http.uuidParam(ctx, "id"))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void createMethod(RoutingContext ctx) {
    UUID zone = Http.uuidParam(ctx, "id");
    ShippingMethodInput input = ShippingMethodInput.fromJson(Http.body(ctx));
    shipping.createMethod(Http.tenant(ctx), zone, input)
        .onSuccess(method -> Http.created(ctx, "/api/v1/shipping/methods/" + method.id(), method.toJson()))
        .onFailure(ctx::fail);
  }

  private void deleteMethod(RoutingContext ctx) {
    shipping.deleteMethod(Http.tenant(ctx), Http.uuidParam(ctx, "id"))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void quote(RoutingContext ctx) {
    ShippingQuoteRequest request = ShippingQuoteRequest.fromJson(Http.body(ctx));
    shipping.quote(Http.tenant(ctx), request)
        .onSuccess(options -> Http.json(ctx, 200, new JsonObject()
            .put("items", new JsonArray(options.stream().map(ShippingOption::toJson).toList()))))
        .onFailure(ctx::fail);
  }
}
