package io.olympus.commerce.pricing.http;

import static io.olympus.commerce.http.CommercePermissions.PRODUCTS_READ;
import static io.olympus.commerce.http.CommercePermissions.PRODUCTS_WRITE;

import io.olympus.commerce.http.CommerceRoutes;
import io.olympus.commerce.http.Http;
import io.olympus.commerce.http.RouteBinder;
import io.olympus.commerce.pricing.model.PriceEntryInput;
import io.olympus.commerce.pricing.model.PriceListInput;
import io.olympus.commerce.pricing.service.PricingService;
import io.olympus.commerce.pricing.model.QuoteRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** Handlers of the price list and quote operations. */
public final class PricingRoutes implements CommerceRoutes {

  private final PricingService pricing;

  public PricingRoutes(PricingService pricing) {
    this.pricing = pricing;
  }

  @Override
  public void bind(RouteBinder binder) {
    binder.write("createPriceList", PRODUCTS_WRITE, this::createPriceList);
    binder.read("getPriceList", PRODUCTS_READ, this::getPriceList);
    binder.write("addPriceListEntry", PRODUCTS_WRITE, this::addEntry);
    binder.read("quotePrice", PRODUCTS_READ, this::quote);
  }

  private void createPriceList(RoutingContext ctx) {
    PriceListInput input = PriceListInput.fromJson(Http.body(ctx));
    pricing.createPriceList(Http.tenant(ctx), input)
        .onSuccess(list -> Http.created(ctx, "/api/v1/price-lists/" + list.id(), list.toJson()))
        .onFailure(ctx::fail);
  }

  private void getPriceList(RoutingContext ctx) {
    pricing.getPriceList(Http.tenant(ctx), Http.uuidParam(ctx, "id"))
        .onSuccess(list -> Http.json(ctx, 200, list))
        .onFailure(ctx::fail);
  }

  private void addEntry(RoutingContext ctx) {
    UUID listId = Http.uuidParam(ctx, "id");
    PriceEntryInput entry = PriceEntryInput.fromJson(Http.body(ctx));
    pricing.addEntry(Http.tenant(ctx), listId, entry)
        .onSuccess(id -> Http.created(ctx, "/api/v1/price-lists/" + listId + "/entries/" + id,
            new JsonObject().put("id", id.toString()).put("price_list_id", listId.toString())))
        .onFailure(ctx::fail);
  }

  private void quote(RoutingContext ctx) {
    QuoteRequest request = QuoteRequest.fromJson(Http.body(ctx));
    pricing.quote(Http.tenant(ctx), request)
        .onSuccess(quote -> Http.json(ctx, 200, quote.toJson()))
        .onFailure(ctx::fail);
  }
}
