package io.olympus.commerce.analytics.model;

import io.olympus.common.json.JsonInput;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A range of local days of the tenant's time zone, {@code from} and {@code to} both included, at most
 * {@link #MAX_DAYS} days long.
 */
public record DateRange(LocalDate from, LocalDate to) {

  public static final int MAX_DAYS = 366;

  public DateRange {
    Objects.requireNonNull(from);
    Objects.requireNonNull(to);
  }

  /** Days in the range. */
  public long days() {
    return ChronoUnit.DAYS.between(from, to) + 1;
  }

  public JsonObject toJson() {
    return new JsonObject().put("from", from.toString()).put("to", to.toString());
  }

  /** {@code from} and {@code to} of a query; errors go to {@code params}; null when either is bad. */
  static DateRange read(ReportParams params) {
    LocalDate from = params.date("from", true);
    LocalDate to = params.date("to", true);
    return check(from, to, params::error);
  }

  /** The range of a report's query ({@code from}, {@code to}); ValidationException naming the bad parameter. */
  public static DateRange fromQuery(MultiMap query) {
    ReportParams params = new ReportParams(query);
    DateRange range = read(params);
    params.validate();
    return range;
  }

  /** The range of a JSON body ({@code from}, {@code to}); ValidationException naming the bad field. */
  public static DateRange fromJson(JsonObject body) {
    JsonInput in = new JsonInput(body);
    LocalDate from = date(in, "from");
    LocalDate to = date(in, "to");
    DateRange range = check(from, to, in::error);
    in.validate();
    return range;
  }

  private static LocalDate date(JsonInput in, String field) {
    String value = in.requiredString(field, 10, 10);
    if (value == null) {
      return null;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      in.error(field, "must be a calendar date YYYY-MM-DD");
      return null;
    }
  }

  private static DateRange check(LocalDate from, LocalDate to, java.util.function.BiConsumer<String, String> error) {
    if (from == null || to == null) {
      return null;
    }
    if (to.isBefore(from)) {
      error.accept("to", "must not be before from");
      return null;
    }
    DateRange range = new DateRange(from, to);
    if (range.days() > MAX_DAYS) {
      error.accept("to", "must be at most " + MAX_DAYS + " days from from (both included)");
      return null;
    }
    return range;
  }
}
