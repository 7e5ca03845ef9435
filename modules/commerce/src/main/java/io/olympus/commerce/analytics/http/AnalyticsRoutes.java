package io.olympus.commerce.analytics.http;

import static io.olympus.commerce.http.CommercePermissions.ANALYTICS_MANAGE;
import static io.olympus.commerce.http.CommercePermissions.ANALYTICS_READ;

import io.olympus.commerce.analytics.model.CustomerValue;
import io.olympus.commerce.analytics.model.DateRange;
import io.olympus.commerce.analytics.model.LowStockLevel;
import io.olympus.commerce.analytics.model.LowStockQuery;
import io.olympus.commerce.analytics.model.ProductSales;
import io.olympus.commerce.analytics.model.SalesQuery;
import io.olympus.commerce.analytics.model.TopCustomersQuery;
import io.olympus.commerce.analytics.model.TopProductsQuery;
import io.olympus.commerce.analytics.service.AnalyticsService;
import io.olympus.commerce.http.CommerceRoutes;
import io.olympus.commerce.http.Http;
import io.olympus.commerce.http.OwnAccess;
import io.olympus.commerce.http.RouteBinder;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Function;

/**
 * Handlers of the analytics reports ({@code analytics:read}) and the rebuild of the read model
 * ({@code analytics:manage}). A report that names a {@code location_id} is open to a holder of {@code analytics:read}
 * over that location (or a parent of it); without one, or for the customers report (lifetime figures span every
 * location), the tenant-wide grant is needed — 403 otherwise.
 */
public final class AnalyticsRoutes implements CommerceRoutes {

  private final AnalyticsService analytics;
  private final OwnAccess access;

  public AnalyticsRoutes(AnalyticsService analytics, OwnAccess access) {
    this.analytics = analytics;
    this.access = access;
  }

  @Override
  public void bind(RouteBinder binder) {
    binder.own("getSalesReport", null, this::sales);
    binder.own("getTopProducts", null, this::topProducts);
    binder.read("getTopCustomers", ANALYTICS_READ, this::topCustomers);
    binder.own("getLowStockReport", null, this::lowStock);
    binder.write("rebuildAnalytics", ANALYTICS_MANAGE, this::rebuild);
  }

  private void sales(RoutingContext ctx) {
    SalesQuery query = SalesQuery.fromQuery(ctx.queryParams());
    access.check(ctx, ANALYTICS_READ, query.locationId(), null)
        .compose(v -> analytics.sales(Http.tenant(ctx), query))
        .onSuccess(report -> Http.json(ctx, 200, report.toJson()))
        .onFailure(ctx::fail);
  }

  private void topProducts(RoutingContext ctx) {
    TopProductsQuery query = TopProductsQuery.fromQuery(ctx.queryParams());
    respond(ctx, access.check(ctx, ANALYTICS_READ, query.locationId(), null)
        .compose(v -> analytics.topProducts(Http.tenant(ctx), query)), ProductSales::toJson,
        query.range().toJson().put("by", query.by()));
  }

  private void topCustomers(RoutingContext ctx) {
    TopCustomersQuery query = TopCustomersQuery.fromQuery(ctx.queryParams());
    respond(ctx, analytics.topCustomers(Http.tenant(ctx), query), CustomerValue::toJson,
        new JsonObject().put("by", query.by()));
  }

  private void lowStock(RoutingContext ctx) {
    LowStockQuery query = LowStockQuery.fromQuery(ctx.queryParams());
    respond(ctx, access.check(ctx, ANALYTICS_READ, query.locationId(), null)
        .compose(v -> analytics.lowStock(Http.tenant(ctx), query)), LowStockLevel::toJson, new JsonObject());
  }

  private void rebuild(RoutingContext ctx) {
    DateRange range = DateRange.fromJson(Http.body(ctx));
    analytics.rebuild(Http.tenant(ctx), range)
        .onSuccess(result -> Http.json(ctx, 200, result.toJson()))
        .onFailure(ctx::fail);
  }

  private static <T> void respond(RoutingContext ctx, Future<List<T>> items, Function<T, JsonObject> json,
                                  JsonObject head) {
    items
        .onSuccess(list -> Http.json(ctx, 200, head.put("items", new JsonArray(list.stream().map(json).toList()))))
        .onFailure(ctx::fail);
  }
}
