package io.olympus.commerce.analytics.model;

import io.vertx.core.json.JsonObject;

/** What a rebuild did: the days whose aggregates were summed again and the orders applied again. */
public record RebuildResult(DateRange range, String timeZone, long orders) {

  public JsonObject toJson() {
    return range.toJson().put("time_zone", timeZone).put("orders", orders);
  }
}
