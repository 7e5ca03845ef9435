package io.olympus.commerce.analytics.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A sales report: per currency (never summed across currencies), the totals of the range and a time series with one
 * entry per period ({@code interval}), periods without sales included as zeros; a week or month cut by the range
 * covers only its days inside it ({@code start}..{@code end}).
 */
public record SalesReport(DateRange range, Interval interval, String timeZone, UUID locationId,
                          List<CurrencySales> currencies) {

  /** One currency's totals and series. */
  public record CurrencySales(String currency, SalesFigures totals, List<Period> series) {

    public JsonObject toJson() {
      return new JsonObject()
          .put("currency", currency)
          .put("totals", totals.toJson())
          .put("series", new JsonArray(series.stream().map(Period::toJson).toList()));
    }
  }

  /** The sales of the days {@code start}..{@code end}. */
  public record Period(LocalDate start, LocalDate end, SalesFigures figures) {

    public JsonObject toJson() {
      return figures.toJson().put("start", start.toString()).put("end", end.toString());
    }
  }

  /** Buckets the read model's days into the query's periods, per currency (the asked currency even without sales). */
  public static SalesReport of(SalesQuery query, String timeZone, List<DailySales> days) {
    Map<String, Map<LocalDate, SalesFigures>> byCurrency = new TreeMap<>();
    if (query.currency() != null) {
      byCurrency.put(query.currency(), new TreeMap<>());
    }
    for (DailySales day : days) {
      byCurrency.computeIfAbsent(day.currency(), c -> new TreeMap<>())
          .merge(query.interval().start(day.day()), day.figures(), SalesFigures::plus);
    }
    List<CurrencySales> currencies = new ArrayList<>();
    byCurrency.forEach((currency, periods) -> currencies.add(series(query, currency, periods)));
    return new SalesReport(query.range(), query.interval(), timeZone, query.locationId(), currencies);
  }

  private static CurrencySales series(SalesQuery query, String currency, Map<LocalDate, SalesFigures> periods) {
    Interval interval = query.interval();
    DateRange range = query.range();
    Map<LocalDate, Period> series = new LinkedHashMap<>();
    SalesFigures totals = SalesFigures.ZERO;
    for (LocalDate start = interval.start(range.from()); !start.isAfter(range.to()); start = interval.next(start)) {
      LocalDate first = start.isBefore(range.from()) ? range.from() : start;
      LocalDate last = interval.next(start).minusDays(1);
      SalesFigures figures = periods.getOrDefault(start, SalesFigures.ZERO);
      series.put(start, new Period(first, last.isAfter(range.to()) ? range.to() : last, figures));
      totals = totals.plus(figures);
    }
    return new CurrencySales(currency, totals, List.copyOf(series.values()));
  }

  public JsonObject toJson() {
    return range.toJson()
        .put("interval", interval.slug())
        .put("time_zone", timeZone)
        .put("location_id", locationId == null ? null : locationId.toString())
        .put("currencies", new JsonArray(currencies.stream().map(CurrencySales::toJson).toList()));
  }
}
