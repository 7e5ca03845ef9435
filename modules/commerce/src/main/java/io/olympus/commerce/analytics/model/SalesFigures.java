package io.olympus.commerce.analytics.model;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Sales of one currency over some days: orders placed (open or completed, never drafts or cancelled orders), gross
 * sales (unit price × units kept, as priced: tax-inclusive when the prices were), discounts, tax, shipping, refunds
 * (succeeded refunds, on the day they were made) and units, all money in minor units of that currency.
 * Net sales = gross − discounts − refunds; average order value = (gross − discounts) / orders, half-even.
 */
public record SalesFigures(long orders, long grossSales, long discounts, long tax, long shipping, long refunds,
                           long units) {

  public static final SalesFigures ZERO = new SalesFigures(0, 0, 0, 0, 0, 0, 0);

  public SalesFigures plus(SalesFigures o) {
    return new SalesFigures(Math.addExact(orders, o.orders), Math.addExact(grossSales, o.grossSales),
        Math.addExact(discounts, o.discounts), Math.addExact(tax, o.tax), Math.addExact(shipping, o.shipping),
        Math.addExact(refunds, o.refunds), Math.addExact(units, o.units));
  }

  public long netSales() {
    return grossSales - discounts - refunds;
  }

  /** (gross − discounts) / orders, rounded half-even to the minor unit; null without orders. */
  public Long averageOrderValue() {
    if (orders == 0) {
      return null;
    }
    return BigDecimal.valueOf(grossSales - discounts)
        .divide(BigDecimal.valueOf(orders), 0, RoundingMode.HALF_EVEN)
        .longValueExact();
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("orders", orders)
        .put("gross_sales_amount", grossSales)
        .put("discount_amount", discounts)
        .put("tax_amount", tax)
        .put("shipping_amount", shipping)
        .put("refund_amount", refunds)
        .put("net_sales_amount", netSales())
        .put("units", units)
        .put("average_order_value_amount", averageOrderValue());
  }
}
