package io.olympus.commerce;

import io.olympus.commerce.http.CatalogRoutes;
import io.olympus.commerce.http.Http;
import io.olympus.commerce.http.InventoryRoutes;
import io.olympus.commerce.http.PricingRoutes;
import io.olympus.commerce.http.ProductCache;
import io.olympus.commerce.search.CatalogVersions;
import io.olympus.commerce.search.SearchCache;
import io.olympus.commerce.support.LocationDirectory;
import io.olympus.common.http.ServiceHttpVerticle;
import io.olympus.common.security.AuthenticationHandler;
import io.olympus.common.security.Authorization;
import io.olympus.common.security.Security;
import io.olympus.common.service.ServiceContext;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/**
 * HTTP routes of the commerce service. Every {@code /api/} request is authenticated before its body is
 * validated against the contract; each operation then checks its permission, and mutating operations
 * record the actor so their change is audited in its own transaction.
 */
final class CommerceHttpVerticle extends ServiceHttpVerticle {

  static final String PRODUCTS_READ = "products:read";
  static final String PRODUCTS_WRITE = "products:write";
  static final String INVENTORY_READ = "inventory:read";
  static final String INVENTORY_WRITE = "inventory:write";

  private Security security;
  private AuthenticationHandler authenticate;
  private CatalogRoutes catalog;
  private InventoryRoutes inventory;
  private PricingRoutes pricing;

  private final CommerceConfig config;

  CommerceHttpVerticle(ServiceContext context, int port) {
    this(context, port, CommerceConfig.DEFAULTS);
  }

  CommerceHttpVerticle(ServiceContext context, int port, CommerceConfig config) {
    super(context, CommerceService.NAME, port);
    this.config = config;
  }

  @Override
  protected Future<Void> setUp() {
    security = Security.of(vertx, context);
    authenticate = security.authenticate();
    CommerceServices services = CommerceServices.create(pool(), SearchCache.of(vertx, config.searchCache()),
        CatalogVersions.of(vertx), LocationDirectory.of(security.permissions()));
    catalog = new CatalogRoutes(services.catalog(), services.search(), ProductCache.of(vertx, config),
        security.tenants()::byId);
    inventory = new InventoryRoutes(services.catalog(), services.inventory());
    pricing = new PricingRoutes(services.pricing());
    return Future.succeededFuture();
  }

  @Override
  protected void bindOperations(RouterBuilder builder) {
    builder.rootHandler(this::authenticateApi);

    read(builder, "searchProducts", PRODUCTS_READ, catalog::searchProducts);
    read(builder, "getProduct", PRODUCTS_READ, catalog::getProduct);
    write(builder, "createProduct", PRODUCTS_WRITE, catalog::createProduct);
    write(builder, "updateProduct", PRODUCTS_WRITE, catalog::updateProduct);
    write(builder, "archiveProduct", PRODUCTS_WRITE, catalog::archiveProduct);
    write(builder, "bulkUpsertProducts", PRODUCTS_WRITE, catalog::bulkUpsert);
    read(builder, "listCategories", PRODUCTS_READ, catalog::categoryTree);
    read(builder, "getCategory", PRODUCTS_READ, catalog::getCategory);
    write(builder, "createCategory", PRODUCTS_WRITE, catalog::createCategory);
    write(builder, "moveCategory", PRODUCTS_WRITE, catalog::moveCategory);

    read(builder, "getProductInventory", INVENTORY_READ, inventory::productLevels);
    read(builder, "getStockAt", INVENTORY_READ, inventory::stockAt);
    write(builder, "adjustInventory", INVENTORY_WRITE, inventory::adjust);
    write(builder, "transferInventory", INVENTORY_WRITE, inventory::transfer);
    write(builder, "createReservation", INVENTORY_WRITE, inventory::reserve);
    write(builder, "commitReservation", INVENTORY_WRITE, inventory::commit);
    write(builder, "releaseReservation", INVENTORY_WRITE, inventory::release);

    write(builder, "createPriceList", PRODUCTS_WRITE, pricing::createPriceList);
    read(builder, "getPriceList", PRODUCTS_READ, pricing::getPriceList);
    write(builder, "addPriceListEntry", PRODUCTS_WRITE, pricing::addEntry);
    read(builder, "quotePrice", PRODUCTS_READ, pricing::quote);
  }

  /** Authentication runs for every API path before contract validation, so a stranger gets 401, not 400. */
  private void authenticateApi(RoutingContext ctx) {
    if (ctx.request().path().startsWith("/api/")) {
      authenticate.handle(ctx);
    } else {
      ctx.next();
    }
  }

  private OpenAPIRoute read(RouterBuilder builder, String operationId, String permission,
                            Handler<RoutingContext> handler) {
    return builder.getRoute(operationId)
        .addHandler(Authorization.require(security, permission))
        .addHandler(handler);
  }

  private OpenAPIRoute write(RouterBuilder builder, String operationId, String permission,
                             Handler<RoutingContext> handler) {
    return builder.getRoute(operationId)
        .addHandler(Authorization.require(security, permission))
        .addHandler(Http::attachAuditActor)
        .addHandler(handler);
  }
}
