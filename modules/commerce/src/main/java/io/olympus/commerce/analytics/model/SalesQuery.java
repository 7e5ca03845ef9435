package io.olympus.commerce.analytics.model;

import io.vertx.core.MultiMap;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * A sales report: the days {@code from}..{@code to} (both included, at most 366), bucketed by {@code interval}
 * (day, week or month; default day), optionally one {@code currency} and one {@code location_id}.
 */
public record SalesQuery(DateRange range, Interval interval, String currency, UUID locationId) {

  public static SalesQuery fromQuery(MultiMap query) {
    ReportParams params = new ReportParams(query);
    DateRange range = DateRange.read(params);
    String interval = params.oneOf("interval", Set.of("day", "week", "month"), "day");
    String currency = params.currency("currency");
    UUID location = params.uuid("location_id");
    params.validate();
    return new SalesQuery(range, Interval.valueOf(interval.toUpperCase(Locale.ROOT)), currency, location);
  }
}
