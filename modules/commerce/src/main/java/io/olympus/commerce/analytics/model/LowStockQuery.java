package io.olympus.commerce.analytics.model;

import io.vertx.core.MultiMap;
import java.util.UUID;

/** Stock levels at or below their low-stock threshold, optionally at one {@code location_id}; {@code limit} 1..500. */
public record LowStockQuery(UUID locationId, int limit) {

  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 500;

  public static LowStockQuery fromQuery(MultiMap query) {
    ReportParams params = new ReportParams(query);
    UUID location = params.uuid("location_id");
    int limit = params.integer("limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
    params.validate();
    return new LowStockQuery(location, limit);
  }
}
