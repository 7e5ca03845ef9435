package io.olympus.commerce.analytics.model;

import io.vertx.core.MultiMap;
import java.util.Set;
import java.util.UUID;

/**
 * The best-selling variants over the days {@code from}..{@code to}, ranked {@code by} units (default) or revenue —
 * revenue only within one {@code currency}, which is then required — optionally at one {@code location_id};
 * {@code limit} 1..100 (default 10).
 */
public record TopProductsQuery(DateRange range, String by, String currency, UUID locationId, int limit) {

  public static final String UNITS = "units";
  public static final String REVENUE = "revenue";
  public static final int DEFAULT_LIMIT = 10;
  public static final int MAX_LIMIT = 100;

  public static TopProductsQuery fromQuery(MultiMap query) {
    ReportParams params = new ReportParams(query);
    DateRange range = DateRange.read(params);
    String by = params.oneOf("by", Set.of(UNITS, REVENUE), UNITS);
    String currency = params.currency("currency");
    if (REVENUE.equals(by) && currency == null && !params.failed("currency")) {
      params.error("currency", "is required to rank by revenue (amounts of different currencies are never added)");
    }
    UUID location = params.uuid("location_id");
    int limit = params.integer("limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
    params.validate();
    return new TopProductsQuery(range, by, currency, location, limit);
  }
}
