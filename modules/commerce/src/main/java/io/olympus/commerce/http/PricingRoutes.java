package io.olympus.commerce.http;

import io.olympus.commerce.pricing.PriceEntryInput;
import io.olympus.commerce.pricing.PriceListInput;
import io.olympus.commerce.pricing.PricingService;
import io.olympus.commerce.pricing.QuoteRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** Handlers of the price list and quote operations. */
public final class PricingRoutes {

  private final PricingService pricing;

  public PricingRoutes(PricingService pricing) {
    this.pricing = pricing;
  }

  public void createPriceList(RoutingContext ctx) {
    PriceListInput input = PriceListInput.fromJson(Http.body(ctx));
    pricing.createPriceList(Http.tenant(ctx), input)
        .onSuccess(list -> Http.created(ctx, "/api/v1/price-lists/" + list.id(), list.toJson()))
        .onFailure(ctx::fail);
  }

  public void getPriceList(RoutingContext ctx) {
    pricing.getPriceList(Http.tenant(ctx), Http.uuidParam(ctx, "id"))
        .onSuccess(list -> Http.json(ctx, 200, list))
        .onFailure(ctx::fail);
  }

  public void addEntry(RoutingContext ctx) {
    UUID listId = Http.uuidParam(ctx, "id");
    PriceEntryInput entry = PriceEntryInput.fromJson(Http.body(ctx));
    pricing.addEntry(Http.tenant(ctx), listId, entry)
        .onSuccess(id -> Http.created(ctx, "/api/v1/price-lists/" + listId + "/entries/" + id,
            new JsonObject().put("id", id.toString()).put("price_list_id", listId.toString())))
        .onFailure(ctx::fail);
  }

  public void quote(RoutingContext ctx) {
    QuoteRequest request = QuoteRequest.fromJson(Http.body(ctx));
    pricing.quote(Http.tenant(ctx), request)
        .onSuccess(quote -> Http.json(ctx, 200, quote.toJson()))
        .onFailure(ctx::fail);
  }
}
