package io.olympus.commerce.order.pricing;

import io.olympus.commerce.event.EventSink;
import io.olympus.commerce.support.PostalAddress;
import io.olympus.commerce.tax.model.TaxRequest;
import io.olympus.commerce.tax.service.TaxCalculator;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The one totals pipeline of carts and orders: subtotal → discounts ({@link DiscountPolicy}) → shipping (priced on
 * the goods after discounts; a free-shipping discount then waives the charge) → tax ({@link TaxCalculator}, on every line after its discount and on the shipping
 * charge) → total ({@link Totals#assemble}). It runs inside the caller's transaction and writes nothing.
 */
public final class TotalsPipeline {

  private final DiscountPolicy discounts;
  private final TaxCalculator taxes;

  public TotalsPipeline(DiscountPolicy discounts, TaxCalculator taxes) {
    this.discounts = discounts;
    this.taxes = taxes;
  }

  /**
   * What is priced: currency, customer, destination (null: no tax, no shipping) and the priced lines, the cart and
   * order it belongs to; {@code placing}: the order is being placed (it has redeemed nothing yet).
   */
  public record Basket(String currency, UUID customerId, String customerGroup, boolean taxExempt,
                       PostalAddress address, List<PricedLine> lines, UUID cartId, UUID orderId, boolean placing) {

    /** A basket of a cart or of an existing order. */
    public Basket(String currency, UUID customerId, String customerGroup, boolean taxExempt, PostalAddress address,
                  List<PricedLine> lines, UUID cartId, UUID orderId) {
      this(currency, customerId, customerGroup, taxExempt, address, lines, cartId, orderId, false);
    }

    /** A basket that belongs to no cart or order (no applied codes). */
    public Basket(String currency, UUID customerId, String customerGroup, boolean taxExempt, PostalAddress address,
                  List<PricedLine> lines) {
      this(currency, customerId, customerGroup, taxExempt, address, lines, null, null, false);
    }
  }

  /**
   * Goods after discounts, for the shipping step: their value (the lines' subtotals minus discounts) and weight.
   * The shipping step answers the charge, or empty when nothing is shipped; it may fail (an unavailable method).
   */
  public record Goods(String currency, long amount, long weightGrams) {}

  public Future<Totals> run(SqlConnection conn, UUID tenantId, Basket basket,
                            BiFunction<SqlConnection, Goods, Future<Optional<ShippingCharge>>> shipping) {
    return run(conn, tenantId, basket, shipping, question -> discounts.discounts(conn, tenantId, question));
  }

  /**
   * Issues now the discount step's reads that do not depend on the lines ({@link DiscountPolicy#early}), for a caller
   * that prices the lines next: pass the answer to {@link #run(SqlConnection, UUID, Basket, BiFunction, Function)}.
   */
  public Function<DiscountPolicy.Basket, Future<Discounts>> early(SqlConnection conn, UUID tenantId, UUID cartId,
                                                                  UUID orderId, boolean placing) {
    return discounts.early(conn, tenantId, cartId, orderId, placing);
  }

  /** As {@link #run(SqlConnection, UUID, Basket, BiFunction)}, with the discount step started by {@link #early}. */
  public Future<Totals> run(SqlConnection conn, UUID tenantId, Basket basket,
                            BiFunction<SqlConnection, Goods, Future<Optional<ShippingCharge>>> shipping,
                            Function<DiscountPolicy.Basket, Future<Discounts>> discounting) {
    DiscountPolicy.Basket question = new DiscountPolicy.Basket(basket.currency(), basket.customerId(),
        basket.customerGroup(), basket.lines(), basket.cartId(), basket.orderId(), basket.placing());
    return discounting.apply(question)
        .compose(found -> shipping.apply(conn, goods(basket, found.byLine()))
            .compose(charged -> {
              ShippingCharge charge = charged.orElse(null);
              Discounts applied = found;
              if (charge != null && found.freeShipping()) {
                applied = found.waivingShipping(charge.amount());
                charge = new ShippingCharge(charge.methodId(), charge.name(), 0, charge.taxIncluded());
              }
              ShippingCharge finalCharge = charge;
              Discounts finalApplied = applied;
              Map<String, Long> off = applied.byLine();
              return taxes.calculate(conn, tenantId, taxRequest(basket, off, finalCharge))
                  .map(tax -> Totals.assemble(basket.currency(), basket.lines(), finalApplied, finalCharge, tax,
                      basket.taxExempt()));
            }));
  }

  /** Counts the uses of the discounts an order being placed took, in the placing transaction (see {@link DiscountPolicy#redeem}). */
  public Future<Void> redeem(SqlConnection conn, UUID tenantId, UUID orderId, UUID customerId, Totals totals,
                             EventSink events) {
    if (totals.discounts().applied().isEmpty()) {
      return Future.succeededFuture();
    }
    return discounts.redeem(conn, tenantId, new DiscountPolicy.Redemption(orderId, customerId, totals.currency(),
        totals.discounts()), events);
  }

  private static Goods goods(Basket basket, Map<String, Long> off) {
    long amount = 0;
    long weight = 0;
    for (PricedLine line : basket.lines()) {
      long subtotal = Math.multiplyExact(line.unitAmount(), (long) line.quantity());
      amount = Math.addExact(amount, subtotal - Math.max(0, Math.min(subtotal, off.getOrDefault(line.key(), 0L))));
      weight = Math.addExact(weight, Math.multiplyExact(line.weightGrams(), (long) line.quantity()));
    }
    return new Goods(basket.currency(), amount, weight);
  }

  private static TaxRequest taxRequest(Basket basket, Map<String, Long> off, ShippingCharge charge) {
    List<TaxRequest.Taxable> lines = new ArrayList<>();
    for (PricedLine line : basket.lines()) {
      long subtotal = Math.multiplyExact(line.unitAmount(), (long) line.quantity());
      long taxable = subtotal - Math.max(0, Math.min(subtotal, off.getOrDefault(line.key(), 0L)));
      lines.add(new TaxRequest.Taxable(line.key(), line.taxCategory(), taxable, line.taxIncluded()));
    }
    TaxRequest.Taxable shipping = charge == null ? null
        : new TaxRequest.Taxable("shipping", ShippingCharge.TAX_CATEGORY, charge.amount(), charge.taxIncluded());
    return new TaxRequest(basket.currency(), basket.address(), lines, shipping);
  }
}
