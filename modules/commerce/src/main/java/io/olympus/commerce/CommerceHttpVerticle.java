package io.olympus.commerce;

import io.olympus.commerce.analytics.http.AnalyticsRoutes;
import io.olympus.commerce.catalog.http.CatalogRoutes;
import io.olympus.commerce.cart.http.CartRoutes;
import io.olympus.commerce.customer.http.CustomerRoutes;
import io.olympus.commerce.http.CommerceRoutes;
import io.olympus.commerce.http.OwnAccess;
import io.olympus.commerce.order.http.OrderRoutes;
import io.olympus.commerce.payment.http.PaymentRoutes;
import io.olympus.commerce.payment.provider.http.PaymentProviderRoutes;
import io.olympus.commerce.shipping.http.ShippingRoutes;
import io.olympus.commerce.tax.http.TaxRoutes;
import io.olympus.commerce.http.RouteBinder;
import io.olympus.commerce.inventory.http.InventoryRoutes;
import io.olympus.commerce.pricing.http.PricingRoutes;
import io.olympus.commerce.promotion.http.PromotionRoutes;
import io.olympus.commerce.search.http.SearchRoutes;
import io.olympus.common.http.ServiceHttpVerticle;
import io.olympus.common.security.Security;
import io.olympus.common.service.ServiceContext;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.List;

/**
 * HTTP routes of the commerce service: one {@link CommerceRoutes} per slice, and one OpenAPI file per slice merged
 * into the one contract served at {@code /openapi.yaml}. Every operation declares its security in its slice's file and
 * is authenticated by {@link ServiceHttpVerticle} before card numbers are refused and the body validated; each
 * operation then checks its permission, and mutating operations record the actor so their change is audited in its own
 * transaction.
 */
public final class CommerceHttpVerticle extends ServiceHttpVerticle {

  /**
   * The slices' OpenAPI files, merged (in this order) into the root {@code openapi/commerce.yaml}; a path, an
   * operation id or a component defined twice fails the start-up.
   */
  public static final List<String> CONTRACT_PARTS = List.of(
      "openapi/commerce/catalog.yaml",
      "openapi/commerce/search.yaml",
      "openapi/commerce/inventory.yaml",
      "openapi/commerce/pricing.yaml",
      "openapi/commerce/customers.yaml",
      "openapi/commerce/carts.yaml",
      "openapi/commerce/orders.yaml",
      "openapi/commerce/tax.yaml",
      "openapi/commerce/shipping.yaml",
      "openapi/commerce/payments.yaml",
      "openapi/commerce/payment-providers.yaml",
      "openapi/commerce/promotions.yaml",
      "openapi/commerce/analytics.yaml");

  private final CommerceComponents components;
  private List<CommerceRoutes> slices;

  /** An HTTP front over the process's {@code components} (one instance per event loop, all sharing them). */
  public CommerceHttpVerticle(ServiceContext context, int port, CommerceComponents components) {
    super(context, CommerceService.NAME, port);
    this.components = components;
  }

  @Override
  protected List<String> contractParts() {
    return CONTRACT_PARTS;
  }

  @Override
  protected Future<Void> setUp() {
    Security security = security();
    OwnAccess access = new OwnAccess(security, components.ordering().customers());
    // route objects per instance (they keep what the binder gives them); the services behind them are the process's
    slices = List.of(
        new CatalogRoutes(components.catalog(), components.productCache(), security.tenants()::byId),
        new SearchRoutes(components.search()),
        new InventoryRoutes(components.catalog(), components.inventory(), components.idempotency()),
        new PricingRoutes(components.pricing()),
        new CustomerRoutes(components.ordering().customers(), access),
        new CartRoutes(components.ordering().carts(), access),
        new OrderRoutes(components.ordering().orders(), access),
        new TaxRoutes(components.ordering().tax()),
        new ShippingRoutes(components.ordering().shipping()),
        new PaymentRoutes(components.payments(), access),
        new PaymentProviderRoutes(components.paymentProviders()),
        new PromotionRoutes(components.promotions(), components.ordering().carts(), access),
        new AnalyticsRoutes(components.analytics(), access));
    return Future.succeededFuture();
  }

  /** A body holding a card number is refused after authentication, whatever else it holds. */
  @Override
  protected List<Handler<RoutingContext>> beforeValidation() {
    return List.of(PaymentRoutes::refuseCardNumbers);
  }

  @Override
  protected void bindOperations(RouterBuilder builder) {
    RouteBinder binder = new RouteBinder(builder, security(), components.idempotency());
    slices.forEach(slice -> slice.bind(binder));
  }
}
