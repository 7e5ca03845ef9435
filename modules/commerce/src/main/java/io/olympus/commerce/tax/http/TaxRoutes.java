package io.olympus.commerce.tax.http;

import static io.olympus.commerce.http.CommercePermissions.PRODUCTS_READ;
import static io.olympus.commerce.http.CommercePermissions.PRODUCTS_WRITE;

import io.olympus.commerce.http.CommerceRoutes;
import io.olympus.commerce.http.Http;
import io.olympus.commerce.http.RouteBinder;
import io.olympus.commerce.tax.model.TaxRegion;
import io.olympus.commerce.tax.model.TaxRegionInput;
import io.olympus.commerce.tax.service.TaxService;
import io.olympus.common.error.ValidationException;
import io.olympus.common.json.JsonInput;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** Handlers of the tax configuration: reads need {@code products:read}, changes {@code products:write}. */
public final class TaxRoutes implements CommerceRoutes {

  private final TaxService tax;

  public TaxRoutes(TaxService tax) {
    this.tax = tax;
  }

  @Override
  public void bind(RouteBinder binder) {
    binder.read("listTaxRegions", PRODUCTS_READ, this::listRegions);
    binder.write("createTaxRegion", PRODUCTS_WRITE, this::createRegion);
    binder.read("getTaxRegion", PRODUCTS_READ, this::getRegion);
    binder.write("replaceTaxRegion", PRODUCTS_WRITE, this::replaceRegion);
    binder.write("deleteTaxRegion", PRODUCTS_WRITE, this::deleteRegion);
    binder.read("getTaxSettings", PRODUCTS_READ, this::getSettings);
    binder.write("replaceTaxSettings", PRODUCTS_WRITE, this::replaceSettings);
    binder.write("setPriceListTaxInclusion", PRODUCTS_WRITE, this::setPriceListTax);
    binder.write("setVariantTaxCategory", PRODUCTS_WRITE, this::setVariantCategory);
  }

  private void listRegions(RoutingContext ctx) {
    tax.regions(Http.tenant(ctx))
        .onSuccess(regions -> Http.json(ctx, 200, new JsonObject()
            .put("items", new JsonArray(regions.stream().map(TaxRegion::toJson).toList()))))
        .onFailure(ctx::fail);
  }

  private void createRegion(RoutingContext ctx) {
    TaxRegionInput input = TaxRegionInput.fromJson(Http.body(ctx));
    tax.createRegion(Http.tenant(ctx), input)
        .onSuccess(region -> Http.created(ctx, "/api/v1/tax/regions/" + region.id(), region.toJson()))
        .onFailure(ctx::fail);
  }

  private void getRegion(RoutingContext ctx) {
    tax.region(Http.tenant(ctx), Http.uuidParam(ctx, "id"))
        .onSuccess(region -> Http.json(ctx, 200, region.toJson()))
        .onFailure(ctx::fail);
  }

  private void replaceRegion(RoutingContext ctx) {
    UUID id = Http.uuidParam(ctx, "id");
    TaxRegionInput input = TaxRegionInput.fromJson(Http.body(ctx));
    tax.updateRegion(Http.tenant(ctx), id, input)
        .onSuccess(region -> Http.json(ctx, 200, region.toJson()))
        .onFailure(ctx::fail);
  }

  private void deleteRegion(RoutingContext ctx) {
    tax.deleteRegion(Http.tenant(ctx), Http.uuidParam(ctx, "id"))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void getSettings(RoutingContext ctx) {
    tax.pricesIncludeTax(Http.tenant(ctx))
        .onSuccess(included -> Http.json(ctx, 200, new JsonObject().put("prices_include_tax", included)))
        .onFailure(ctx::fail);
  }

  private void replaceSettings(RoutingContext ctx) {
    boolean included = flag(Http.body(ctx));
    tax.setPricesIncludeTax(Http.tenant(ctx), included)
        .onSuccess(v -> Http.json(ctx, 200, new JsonObject().put("prices_include_tax", included)))
        .onFailure(ctx::fail);
  }

  private void setPriceListTax(RoutingContext ctx) {
    UUID id = Http.uuidParam(ctx, "id");
    boolean included = flag(Http.body(ctx));
    tax.setPriceListIncludesTax(Http.tenant(ctx), id, included)
        .onSuccess(v -> Http.json(ctx, 200, new JsonObject().put("price_list_id", id.toString())
            .put("prices_include_tax", included)))
        .onFailure(ctx::fail);
  }

  private void setVariantCategory(RoutingContext ctx) {
    UUID id = Http.uuidParam(ctx, "id");
    JsonInput in = new JsonInput(Http.body(ctx));
    String category = in.optionalString("tax_category", 1, 40);
    if (category != null && !TaxRegionInput.CATEGORY.matcher(category).matches()) {
      in.error("tax_category", "must be lower-case letters, digits, '-' or '_' (e.g. standard, reduced)");
    }
    in.validate();
    tax.setVariantTaxCategory(Http.tenant(ctx), id, category)
        .onSuccess(v -> Http.json(ctx, 200, new JsonObject().put("variant_id", id.toString())
            .put("tax_category", category == null ? "standard" : category)))
        .onFailure(ctx::fail);
  }

  private static boolean flag(JsonObject body) {
    JsonInput in = new JsonInput(body);
    Boolean included = in.optionalBoolean("prices_include_tax");
    in.validate();
    if (included == null) {
      throw new ValidationException("prices_include_tax", "is required");
    }
    return included;
  }
}
