package io.olympus.commerce.analytics.model;

import io.olympus.common.error.FieldError;
import io.olympus.common.error.ValidationException;
import io.vertx.core.MultiMap;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads the query parameters of a report, collecting an error per bad parameter (named as sent), so that one 400
 * answer names every bad field; {@link #validate()} throws it.
 */
final class ReportParams {

  private static final Pattern DATE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}$");
  private static final Pattern CURRENCY = Pattern.compile("^[A-Z]{3}$");
  private static final Pattern UUID_TEXT =
      Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

  private final MultiMap params;
  private final List<FieldError> errors = new ArrayList<>();

  ReportParams(MultiMap params) {
    this.params = params;
  }

  /** A calendar date {@code YYYY-MM-DD}; null (and an error when {@code required}) when absent. */
  LocalDate date(String name, boolean required) {
    String value = params.get(name);
    if (value == null) {
      if (required) {
        error(name, "is required (YYYY-MM-DD)");
      }
      return null;
    }
    try {
      if (!DATE.matcher(value).matches()) {
        throw new DateTimeParseException("not a date", value, 0);
      }
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      error(name, "must be a calendar date YYYY-MM-DD");
      return null;
    }
  }

  /** One of {@code allowed}, or {@code fallback} when absent. */
  String oneOf(String name, Set<String> allowed, String fallback) {
    String value = params.get(name);
    if (value == null) {
      return fallback;
    }
    if (!allowed.contains(value)) {
      error(name, "must be one of " + String.join(", ", allowed.stream().sorted().toList()));
      return fallback;
    }
    return value;
  }

  /** An ISO 4217 code such as EUR, or null when absent. */
  String currency(String name) {
    String value = params.get(name);
    if (value == null) {
      return null;
    }
    if (!CURRENCY.matcher(value).matches() || !isIsoCurrency(value)) {
      error(name, "must be an ISO 4217 code such as EUR");
      return null;
    }
    return value;
  }

  UUID uuid(String name) {
    String value = params.get(name);
    if (value == null) {
      return null;
    }
    if (!UUID_TEXT.matcher(value).matches()) {
      error(name, "must be a UUID");
      return null;
    }
    return UUID.fromString(value);
  }

  /** An integer from {@code min} to {@code max}, {@code fallback} when absent. */
  int integer(String name, int min, int max, int fallback) {
    String value = params.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    error(name, "must be an integer from " + min + " to " + max);
    return fallback;
  }

  void error(String name, String message) {
    errors.add(new FieldError(name, message));
  }

  boolean failed(String name) {
    return errors.stream().anyMatch(e -> e.field().equals(name));
  }

  /** Throws a ValidationException naming every bad parameter, if any. */
  void validate() {
    if (!errors.isEmpty()) {
      throw new ValidationException("Invalid report parameters", errors);
    }
  }

  private static boolean isIsoCurrency(String code) {
    try {
      Currency.getInstance(code);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
