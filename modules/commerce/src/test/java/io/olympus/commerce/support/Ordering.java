package io.olympus.commerce.support;

import io.olympus.commerce.cart.repository.CartRepository;
import io.olympus.commerce.cart.service.CartService;
import io.olympus.commerce.catalog.service.CatalogService;
import io.olympus.commerce.catalog.repository.CategoryRepository;
import io.olympus.commerce.catalog.model.ProductInput;
import io.olympus.commerce.catalog.repository.ProductRepository;
import io.olympus.commerce.customer.model.CustomerInput;
import io.olympus.commerce.customer.repository.CustomerRepository;
import io.olympus.commerce.customer.service.CustomerService;
import io.olympus.commerce.event.EventSink;
import io.olympus.commerce.inventory.model.Adjustment;
import io.olympus.commerce.inventory.repository.InventoryRepository;
import io.olympus.commerce.inventory.service.InventoryService;
import io.olympus.commerce.order.model.PlaceOrder;
import io.olympus.commerce.order.pricing.LinePricer;
import io.olympus.commerce.order.pricing.TotalsPipeline;
import io.olympus.commerce.order.repository.OrderRepository;
import io.olympus.commerce.order.service.OrderService;
import io.olympus.commerce.order.service.StockPlanner;
import io.olympus.commerce.pricing.repository.PricingRepository;
import io.olympus.commerce.pricing.service.PricingService;
import io.olympus.commerce.promotion.repository.PromotionRepository;
import io.olympus.commerce.promotion.service.PromotionService;
import io.olympus.commerce.shipping.repository.ShippingRepository;
import io.olympus.commerce.shipping.service.ShippingService;
import io.olympus.commerce.tax.repository.TaxRepository;
import io.olympus.commerce.tax.service.TableTaxCalculator;
import io.olympus.commerce.tax.service.TaxService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.UUID;

/** The ordering services over one pool and event sink, wired as production wires them, plus fixture helpers. */
public final class Ordering {

  public final Pool pool;
  public final EventSink events;
  public final CatalogService catalog;
  public final InventoryService inventory;
  public final PricingService pricing;
  public final CustomerService customers;
  public final TaxService tax;
  public final ShippingService shipping;
  public final OrderService orders;
  public final CartService carts;
  public final PromotionService promotions;

  public Ordering(Pool pool, EventSink events) {
    this(pool, events, CartService.DEFAULT_TTL_SECONDS);
  }

  public Ordering(Pool pool, EventSink events, int cartTtlSeconds) {
    this.pool = pool;
    this.events = events;
    catalog = new CatalogService(pool, new ProductRepository(), new CategoryRepository(), events);
    inventory = new InventoryService(pool, new InventoryRepository(), events);
    pricing = new PricingService(pool, new PricingRepository(), events, LocationDirectory.TRUSTED);
    CustomerRepository customerRepository = new CustomerRepository();
    customers = new CustomerService(pool, customerRepository, events);
    TaxRepository taxRepository = new TaxRepository();
    tax = new TaxService(pool, taxRepository, events);
    shipping = new ShippingService(pool, new ShippingRepository(), events);
    OrderRepository orderRepository = new OrderRepository();
    LinePricer pricer = new LinePricer(orderRepository, pricing, taxRepository);
    promotions = new PromotionService(pool, new PromotionRepository(), events);
    TotalsPipeline totals = new TotalsPipeline(promotions.policy(), new TableTaxCalculator(taxRepository));
    orders = new OrderService(pool, orderRepository, customerRepository, pricer, totals, shipping, inventory,
        new StockPlanner(new InventoryRepository()), events);
    carts = new CartService(pool, new CartRepository(), customerRepository, pricer, totals, shipping, taxRepository,
        orders, cartTtlSeconds);
  }

  /** An active product with one variant of {@code sku} at {@code amount} EUR cents; returns the variant id. */
  public UUID variant(UUID tenant, String sku, long amount) {
    return catalog.createProduct(tenant, ProductInput.readCreate(Fixtures.product("Item " + sku, sku, amount)))
        .await().variants().get(0).id();
  }

  /** Receives {@code quantity} units of the variant at the location. */
  public void stock(UUID tenant, UUID variant, UUID location, int quantity) {
    inventory.adjust(tenant, Adjustment.fromJson(new JsonObject().put("variant_id", variant.toString())
        .put("location_id", location.toString()).put("reason", "receive").put("quantity", quantity))).await();
  }

  public UUID customer(UUID tenant, String email) {
    return customers.create(tenant, CustomerInput.readCreate(new JsonObject().put("email", email)
        .put("first_name", "Ada").put("last_name", "Lovelace"))).await().id();
  }

  /** A direct EUR order body of the given (variant, quantity) pairs. */
  public static JsonObject orderBody(Object... variantsAndQuantities) {
    JsonArray lines = new JsonArray();
    for (int i = 0; i < variantsAndQuantities.length; i += 2) {
      lines.add(new JsonObject().put("variant_id", variantsAndQuantities[i].toString())
          .put("quantity", variantsAndQuantities[i + 1]));
    }
    return new JsonObject().put("currency", "EUR").put("lines", lines);
  }

  public static PlaceOrder order(Object... variantsAndQuantities) {
    return PlaceOrder.fromJson(orderBody(variantsAndQuantities));
  }

  public static JsonObject address(String country, String region, String postalCode) {
    return new JsonObject().put("first_name", "Ada").put("last_name", "Lovelace").put("line1", "1 Main Street")
        .put("city", "Town").put("country", country).put("region", region).put("postal_code", postalCode);
  }
}
