package io.olympus.common.json;

import io.olympus.common.error.FieldError;
import io.olympus.common.error.ValidationException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads fields of an untrusted JSON object, collecting one {@link FieldError} per bad field, so a
 * request gets every problem in one 400 answer. Call {@link #validate()} after reading.
 */
public final class JsonInput {

  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}$");

  private final JsonObject json;
  private final List<FieldError> errors = new ArrayList<>();

  public JsonInput(JsonObject json) {
    this.json = json == null ? new JsonObject() : json;
  }

  /** A required string, trimmed, with a length between min and max code points. */
  public String requiredString(String field, int min, int max) {
    String value = optionalString(field, min, max);
    if (value == null && !hasError(field)) {
      error(field, "is required");
    }
    return value;
  }

  /** An optional string (null when absent), trimmed, with a length between min and max code points. */
  public String optionalString(String field, int min, int max) {
    Object raw = json.getValue(field);
    if (raw == null) {
      return null;
    }
    if (!(raw instanceof String text)) {
      error(field, "must be a string");
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

  /** A required UUID. */
  public UUID requiredUuid(String field) {
    String value = requiredString(field, 36, 36);
    if (value == null) {
      return null;
    }
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      error(field, "must be a UUID");
      return null;
    }
  }

  public void error(String field, String message) {
    errors.add(new FieldError(field, message));
  }

  private boolean hasError(String field) {
    return errors.stream().anyMatch(e -> e.field().equals(field));
  }

  /** Throws a ValidationException naming every bad field, if any. */
  public void validate() {
    if (!errors.isEmpty()) {
      throw new ValidationException("Request validation failed", errors);
    }
  }
}
