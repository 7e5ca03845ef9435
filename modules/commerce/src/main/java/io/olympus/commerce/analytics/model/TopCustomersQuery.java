package io.olympus.commerce.analytics.model;

import io.vertx.core.MultiMap;
import java.util.Set;

/**
 * The customers with the highest lifetime value (net sales, default; within one {@code currency}, which is then
 * required) or the most orders; {@code limit} 1..100 (default 10).
 */
public record TopCustomersQuery(String by, String currency, int limit) {

  public static final String VALUE = "value";
  public static final String ORDERS = "orders";

  public static TopCustomersQuery fromQuery(MultiMap query) {
    ReportParams params = new ReportParams(query);
    String by = params.oneOf("by", Set.of(VALUE, ORDERS), VALUE);
    String currency = params.currency("currency");
    if (VALUE.equals(by) && currency == null && !params.failed("currency")) {
      params.error("currency", "is required to rank by value (amounts of different currencies are never added)");
    }
    int limit = params.integer("limit", 1, TopProductsQuery.MAX_LIMIT, TopProductsQuery.DEFAULT_LIMIT);
    params.validate();
    return new TopCustomersQuery(by, currency, limit);
  }
}
