package io.olympus.common.json;

import io.olympus.common.error.FieldError;
import io.olympus.common.error.ValidationException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads an untrusted JSON object, nested objects and arrays included, collecting one {@link FieldError}
 * per bad field under a path such as {@code variants[2].price.amount}. Children share the parent's
 * error list, so one {@link #validate()} at the top reports every problem at once.
 */
public final class JsonInput {

  private static final Pattern CURRENCY = Pattern.compile("^[A-Z]{3}$");
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}$");

  private final JsonObject json;
  private final String prefix;
  private final List<FieldError> errors;

  public JsonInput(JsonObject json) {
    this(json, "", new ArrayList<>());
  }

  private JsonInput(JsonObject json, String prefix, List<FieldError> errors) {
    this.json = json == null ? new JsonObject() : json;
    this.prefix = prefix;
    this.errors = errors;
  }

  /** Reads {@code value} as the top-level object, reporting a non-object under {@code name}. */
  public static JsonInput of(Object value, String name) {
    JsonInput in = new JsonInput(value instanceof JsonObject obj ? obj : new JsonObject());
    if (!(value instanceof JsonObject)) {
      in.errors.add(new FieldError(name, "must be an object"));
    }
    return in;
  }

  public boolean has(String field) {
    return json.getValue(field) != null;
  }

  public String requiredString(String field, int min, int max) {
    String value = optionalString(field, min, max);
    if (value == null && !has(field)) {
      error(field, "is required");
    }
    return value;
  }

  public String optionalString(String field, int min, int max) {
    Object raw = json.getValue(field);
    if (raw == null) {
      return null;
    }
    if (!(raw instanceof String text)) {
      error(field, "must be a string");
      return null;
    }
    if (text.indexOf('\u0000') >= 0) {
      error(field, "must not contain NUL characters");
      return null;
    }
    String value = text.strip();
    int length = value.codePointCount(0, value.length());
    if (length < min || length > max) {
      error(field, "must be " + min + " to " + max + " characters");
      return null;
    }
    return value;
  }

  /** One of {@code allowed}, or {@code fallback} when absent. */
  public String oneOf(String field, Set<String> allowed, String fallback) {
    String value = optionalString(field, 1, 100);
    if (value == null) {
      return has(field) ? null : fallback;
    }
    if (!allowed.contains(value)) {
      error(field, "must be one of " + String.join(", ", allowed));
      return null;
    }
    return value;
  }

  public String requiredCurrency(String field) {
    String value = requiredString(field, 3, 3);
    if (value != null && !(CURRENCY.matcher(value).matches() && isIsoCurrency(value))) {
      error(field, "must be an ISO 4217 code such as EUR");
      return null;
    }
    return value;
  }

  private static boolean isIsoCurrency(String code) {
    try {
      Currency.getInstance(code);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  public Long requiredLong(String field, long min, long max) {
    Long value = optionalLong(field, min, max);
    if (value == null && !has(field)) {
      error(field, "is required");
    }
    return value;
  }

  /** An integral number between min and max; fractions and strings are refused. */
  public Long optionalLong(String field, long min, long max) {
    Object raw = json.getValue(field);
    if (raw == null) {
      return null;
    }
    if (!(raw instanceof Integer || raw instanceof Long)) {
      error(field, "must be an integer");
      return null;
    }
    long value = ((Number) raw).longValue();
    if (value < min || value > max) {
      error(field, "must be between " + min + " and " + max);
      return null;
    }
    return value;
  }

  public Integer requiredInt(String field, int min, int max) {
    Long value = requiredLong(field, min, max);
    return value == null ? null : value.intValue();
  }

  public Integer optionalInt(String field, int min, int max) {
    Long value = optionalLong(field, min, max);
    return value == null ? null : value.intValue();
  }

  public UUID requiredUuid(String field) {
    UUID value = optionalUuid(field);
    if (value == null && !has(field)) {
      error(field, "is required");
    }
    return value;
  }

  public UUID optionalUuid(String field) {
    String value = optionalString(field, 36, 36);
    if (value == null) {
      if (has(field) && !hasError(field)) {
        error(field, "must be a UUID");
      }
      return null;
    }
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      error(field, "must be a UUID");
      return null;
    }
  }

  public Instant optionalInstant(String field) {
    String value = optionalString(field, 1, 40);
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      error(field, "must be an RFC 3339 UTC timestamp");
      return null;
    }
  }

  /** {@code true} or {@code false}, or null when absent; anything else is an error. */
  public Boolean optionalBoolean(String field) {
    Object raw = json.getValue(field);
    if (raw == null) {
      return null;
    }
    if (!(raw instanceof Boolean value)) {
      error(field, "must be true or false");
      return null;
    }
    return value;
  }

  /** A JSON object (copied), or null when absent. */
  public JsonObject optionalObject(String field) {
    Object raw = json.getValue(field);
    if (raw == null) {
      return null;
    }
    if (!(raw instanceof JsonObject obj)) {
      error(field, "must be an object");
      return null;
    }
    return obj.copy();
  }

  /** A nested object read with its own path prefix; null (and an error when required) if absent. */
  public JsonInput child(String field, boolean required) {
    Object raw = json.getValue(field);
    if (raw == null) {
      if (required) {
        error(field, "is required");
      }
      return null;
    }
    if (!(raw instanceof JsonObject obj)) {
      error(field, "must be an object");
      return null;
    }
    return new JsonInput(obj, path(field) + ".", errors);
  }

  /** The objects of an array, each read under {@code field[i]}; null when absent. */
  public List<JsonInput> objects(String field, int min, int max) {
    JsonArray array = array(field, min, max);
    if (array == null) {
      return null;
    }
    List<JsonInput> items = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      if (item instanceof JsonObject obj) {
        items.add(new JsonInput(obj, path(field) + "[" + i + "].", errors));
      } else {
        errors.add(new FieldError(path(field) + "[" + i + "]", "must be an object"));
      }
    }
    return items;
  }

  /** Distinct strings of an array, each 1..maxLength characters after trimming; null when absent. */
  public List<String> strings(String field, int max, int maxLength) {
    JsonArray array = array(field, 0, max);
    if (array == null) {
      return null;
    }
    Set<String> values = new LinkedHashSet<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof String text) || text.isBlank() || text.strip().length() > maxLength
          || text.indexOf('\0') >= 0) {
        errors.add(new FieldError(path(field) + "[" + i + "]", "must be a string of 1 to " + maxLength + " characters"));
      } else {
        values.add(text.strip());
      }
    }
    return List.copyOf(values);
  }

  /** Distinct UUIDs of an array; null when absent. */
  public List<UUID> uuids(String field, int max) {
    List<String> values = strings(field, max, 36);
    if (values == null) {
      return null;
    }
    Set<UUID> ids = new LinkedHashSet<>();
    for (String value : values) {
      try {
        ids.add(UUID.fromString(value));
      } catch (IllegalArgumentException e) {
        error(field, "must hold UUIDs");
      }
    }
    return List.copyOf(ids);
  }

  private JsonArray array(String field, int min, int max) {
    Object raw = json.getValue(field);
    if (raw == null) {
      if (min > 0) {
        error(field, "is required");
      }
      return null;
    }
    if (!(raw instanceof JsonArray array)) {
      error(field, "must be an array");
      return null;
    }
    if (array.size() < min || array.size() > max) {
      error(field, "must hold " + min + " to " + max + " items");
      return null;
    }
    return array;
  }

  /** A required string matching {@code pattern}; {@code expected} says the form in the error. */
  public String requiredMatching(String field, Pattern pattern, String expected) {
    String value = requiredString(field, 1, 1000);
    if (value != null && !pattern.matcher(value).matches()) {
      error(field, "must be " + expected);
      return null;
    }
    return value;
  }

  /** An optional e-mail address, lower-cased. */
  public String optionalEmail(String field) {
    String value = optionalString(field, 3, 254);
    if (value != null && !EMAIL.matcher(value).matches()) {
      error(field, "must be an e-mail address");
      return null;
    }
    return value == null ? null : value.toLowerCase(Locale.ROOT);
  }

  public void error(String field, String message) {
    errors.add(new FieldError(path(field), message));
  }

  public String path(String field) {
    return prefix + field;
  }

  private boolean hasError(String field) {
    String name = path(field);
    return errors.stream().anyMatch(e -> e.field().equals(name));
  }

  public List<FieldError> errors() {
    return List.copyOf(errors);
  }

  /** Throws a ValidationException naming every bad field, if any. */
  public void validate() {
    if (!errors.isEmpty()) {
      throw new ValidationException("Request validation failed", errors);
    }
  }
}
