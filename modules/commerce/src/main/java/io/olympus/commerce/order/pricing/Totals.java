package io.olympus.commerce.order.pricing;

import io.olympus.commerce.tax.model.TaxResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The money of a cart or order, assembled in one way everywhere (cart, order, events): per line
 * {@code subtotal = unit × quantity}, {@code discount} (capped at the subtotal), {@code tax} (computed per line on
 * {@code subtotal − discount}, rounded half-even to the minor unit by the calculator) and {@code total}; the shipping
 * charge likewise; then the sums. For a line whose price excludes tax, {@code total = subtotal − discount + tax}; for
 * one whose price includes it, {@code total = subtotal − discount} (the tax is the part of it that is tax). A
 * tax-exempt customer is charged no tax: an excluded tax is not added, an included one is taken off the line's total.
 * So {@code total = Σ lines.total + shipping.total} and {@code tax = Σ lines.tax + shipping.tax}, exactly, always.
 * Every amount is a {@code long} of minor units; an overflow fails with ArithmeticException. {@code discounts} are the
 * discounts applied (which promotion took what off which line; free shipping shows the waived charge, while the
 * shipping charge itself is then 0): {@code discount = Σ lines.discount}.
 */
public record Totals(String currency, List<LineTotals> lines, ShippingTotals shipping, long subtotal, long discount,
                     long shippingAmount, long tax, long total, Discounts discounts) {

  public Totals {
    lines = List.copyOf(lines);
  }

  /** The money of one line. */
  public record LineTotals(String key, UUID variantId, long unitAmount, int quantity, boolean taxIncluded,
                           long subtotal, long discount, long tax, long total, TaxResult.LineTax taxLines) {

    public JsonObject toJson() {
      return new JsonObject()
          .put("unit_amount", unitAmount)
          .put("subtotal_amount", subtotal)
          .put("discount_amount", discount)
          .put("tax_amount", tax)
          .put("total_amount", total)
          .put("tax_included", taxIncluded)
          .put("tax_lines", taxLines.toJson());
    }
  }

  /** The money of the shipping charge. */
  public record ShippingTotals(UUID methodId, String name, long amount, long tax, long total, TaxResult.LineTax taxLines) {

    public JsonObject toJson() {
      return new JsonObject()
          .put("method_id", methodId == null ? null : methodId.toString())
          .put("name", name)
          .put("amount", amount)
          .put("tax_amount", tax)
          .put("total_amount", total)
          .put("tax_lines", taxLines.toJson());
    }
  }

  /**
   * Assembles the totals (pure): {@code discounts} by line key, {@code shipping} null when nothing is shipped,
   * {@code tax} the calculator's answer for these very amounts.
   */
  public static Totals assemble(String currency, List<PricedLine> priced, Map<String, Long> discounts,
                                ShippingCharge shipping, TaxResult tax, boolean taxExempt) {
    return assemble(currency, priced, discounts, Discounts.NONE, shipping, tax, taxExempt);
  }

  /** As {@link #assemble(String, List, Map, ShippingCharge, TaxResult, boolean)} with the discount step's answer. */
  public static Totals assemble(String currency, List<PricedLine> priced, Discounts applied, ShippingCharge shipping,
                                TaxResult tax, boolean taxExempt) {
    return assemble(currency, priced, applied.byLine(), applied, shipping, tax, taxExempt);
  }

  private static Totals assemble(String currency, List<PricedLine> priced, Map<String, Long> discounts,
                                 Discounts applied, ShippingCharge shipping, TaxResult tax, boolean taxExempt) {
    List<LineTotals> lines = new ArrayList<>(priced.size());
    long subtotal = 0;
    long discount = 0;
    long taxSum = 0;
    long total = 0;
    for (PricedLine line : priced) {
      long lineSubtotal = Math.multiplyExact(line.unitAmount(), (long) line.quantity());
      long lineDiscount = Math.max(0, Math.min(lineSubtotal, discounts.getOrDefault(line.key(), 0L)));
      TaxResult.LineTax lineTax = tax.line(line.key());
      long charged = taxExempt ? 0 : lineTax.amount();
      long lineTotal = charge(lineSubtotal - lineDiscount, lineTax.amount(), line.taxIncluded(), taxExempt);
      lines.add(new LineTotals(line.key(), line.variantId(), line.unitAmount(), line.quantity(), line.taxIncluded(),
          lineSubtotal, lineDiscount, charged, lineTotal, taxExempt ? TaxResult.LineTax.NONE : lineTax));
      subtotal = Math.addExact(subtotal, lineSubtotal);
      discount = Math.addExact(discount, lineDiscount);
      taxSum = Math.addExact(taxSum, charged);
      total = Math.addExact(total, lineTotal);
    }
    ShippingTotals shippingTotals = null;
    long shippingAmount = 0;
    if (shipping != null) {
      TaxResult.LineTax shippingTax = tax.shipping() == null ? TaxResult.LineTax.NONE : tax.shipping();
      long charged = taxExempt ? 0 : shippingTax.amount();
      long shippingTotal = charge(shipping.amount(), shippingTax.amount(), shipping.taxIncluded(), taxExempt);
      shippingTotals = new ShippingTotals(shipping.methodId(), shipping.name(), shipping.amount(), charged,
          shippingTotal, taxExempt ? TaxResult.LineTax.NONE : shippingTax);
      shippingAmount = shipping.amount();
      taxSum = Math.addExact(taxSum, charged);
      total = Math.addExact(total, shippingTotal);
    }
    return new Totals(currency, lines, shippingTotals, subtotal, discount, shippingAmount, taxSum, total, applied);
  }

  private static long charge(long amount, long tax, boolean taxIncluded, boolean exempt) {
    if (taxIncluded) {
      return exempt ? Math.subtractExact(amount, tax) : amount;
    }
    return exempt ? amount : Math.addExact(amount, tax);
  }

  /** The line with {@code key}. */
  public LineTotals line(String key) {
    return lines.stream().filter(l -> l.key().equals(key)).findFirst().orElseThrow();
  }

  /** The order-level figures: {@code {currency, subtotal_amount, discount_amount, shipping_amount, tax_amount, total_amount}}. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("currency", currency)
        .put("subtotal_amount", subtotal)
        .put("discount_amount", discount)
        .put("shipping_amount", shippingAmount)
        .put("tax_amount", tax)
        .put("total_amount", total);
  }

  /** The lines' money as JSON, in line order. */
  public JsonArray linesJson() {
    return new JsonArray(lines.stream().map(LineTotals::toJson).toList());
  }
}
