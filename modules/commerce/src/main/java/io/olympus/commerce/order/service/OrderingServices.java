package io.olympus.commerce.order.service;

import io.olympus.commerce.cart.repository.CartRepository;
import io.olympus.commerce.cart.service.CartService;
import io.olympus.commerce.customer.repository.CustomerRepository;
import io.olympus.commerce.customer.service.CustomerService;
import io.olympus.commerce.event.EventSink;
import io.olympus.commerce.inventory.repository.InventoryRepository;
import io.olympus.commerce.inventory.service.InventoryService;
import io.olympus.commerce.order.pricing.DiscountPolicy;
import io.olympus.commerce.order.pricing.LinePricer;
import io.olympus.commerce.order.pricing.TotalsPipeline;
import io.olympus.commerce.order.repository.OrderRepository;
import io.olympus.commerce.pricing.service.PricingService;
import io.olympus.commerce.shipping.repository.ShippingRepository;
import io.olympus.commerce.shipping.service.ShippingService;
import io.olympus.commerce.tax.repository.TaxRepository;
import io.olympus.commerce.tax.service.TableTaxCalculator;
import io.olympus.commerce.tax.service.TaxCalculator;
import io.vertx.sqlclient.Pool;

/**
 * The buying half of commerce over one pool and event sink: customers, tax and shipping configuration, orders and
 * carts, sharing one line pricer and one totals pipeline (the discount step given, promotions in production; the
 * table-driven tax calculator unless another is given).
 */
public record OrderingServices(CustomerService customers, io.olympus.commerce.tax.service.TaxService tax, ShippingService shipping, OrderService orders,
                               CartService carts) {

  public static OrderingServices create(Pool pool, EventSink events, InventoryService inventory, PricingService pricing,
                                        int cartTtlSeconds) {
    return create(pool, events, inventory, pricing, DiscountPolicy.NONE, cartTtlSeconds);
  }

  /** As {@link #create(Pool, EventSink, InventoryService, PricingService, int)} with a discount step (promotions). */
  public static OrderingServices create(Pool pool, EventSink events, InventoryService inventory, PricingService pricing,
                                        DiscountPolicy discounts, int cartTtlSeconds) {
    TaxRepository taxes = new TaxRepository();
    return create(pool, events, inventory, pricing, new TableTaxCalculator(taxes), discounts, cartTtlSeconds);
  }

  /** As {@link #create(Pool, EventSink, InventoryService, PricingService, int)} with another tax calculator. */
  public static OrderingServices create(Pool pool, EventSink events, InventoryService inventory, PricingService pricing,
                                        TaxCalculator calculator, int cartTtlSeconds) {
    return create(pool, events, inventory, pricing, calculator, DiscountPolicy.NONE, cartTtlSeconds);
  }

  /** With another tax calculator and a discount step. */
  public static OrderingServices create(Pool pool, EventSink events, InventoryService inventory, PricingService pricing,
                                        TaxCalculator calculator, DiscountPolicy discounts, int cartTtlSeconds) {
    TaxRepository taxes = new TaxRepository();
    CustomerRepository customers = new CustomerRepository();
    OrderRepository orders = new OrderRepository();
    ShippingService shipping = new ShippingService(pool, new ShippingRepository(), events);
    LinePricer pricer = new LinePricer(orders, pricing, taxes);
    TotalsPipeline totals = new TotalsPipeline(discounts, calculator);
    OrderService orderService = new OrderService(pool, orders, customers, pricer, totals, shipping, inventory,
        new StockPlanner(new InventoryRepository()), events);
    return new OrderingServices(
        new CustomerService(pool, customers, events),
        new io.olympus.commerce.tax.service.TaxService(pool, taxes, events),
        shipping,
        orderService,
        new CartService(pool, new CartRepository(), customers, pricer, totals, shipping, taxes, orderService,
            cartTtlSeconds));
  }
}
