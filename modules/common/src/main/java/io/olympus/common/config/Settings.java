package io.olympus.common.config;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads typed values from a flat key/value source (environment variables and the optional config file),
 * collecting one readable problem per bad key instead of failing on the first.
 */
public final class Settings {

  private final JsonObject source;
  private final List<String> problems = new ArrayList<>();

  public Settings(JsonObject source) {
    this.source = source;
  }

  public Optional<String> optional(String key) {
    Object value = source.getValue(key);
    if (value == null) {
      return Optional.empty();
    }
    String text = String.valueOf(value).trim();
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  public String string(String key, String defaultValue) {
    return optional(key).orElse(defaultValue);
  }

  public int integer(String key, int defaultValue, int min, int max) {
    Optional<String> raw = optional(key);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    try {
      int value = Integer.parseInt(raw.get());
      if (value < min || value > max) {
        problem(key, raw.get(), "an integer between " + min + " and " + max);
        return defaultValue;
      }
      return value;
    } catch (NumberFormatException e) {
      problem(key, raw.get(), "an integer between " + min + " and " + max);
      return defaultValue;
    }
  }

  public int port(String key, int defaultValue) {
    return integer(key, defaultValue, 0, 65535);
  }

  public boolean bool(String key, boolean defaultValue) {
    Optional<String> raw = optional(key);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    String value = raw.get().toLowerCase();
    switch (value) {
      case "true", "1", "yes", "on":
        return true;
      case "false", "0", "no", "off":
        return false;
      default:
        problem(key, raw.get(), "true or false");
        return defaultValue;
    }
  }

  public List<String> list(String key, String defaultValue) {
    return Arrays.stream(string(key, defaultValue).split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  /** Parses an optional value; the parser throws IllegalArgumentException whose message names the expected form. */
  public <T> Optional<T> parsed(String key, Function<String, T> parser) {
    Optional<String> raw = optional(key);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(parser.apply(raw.get()));
    } catch (IllegalArgumentException e) {
      problem(key, redact(raw.get()), e.getMessage());
      return Optional.empty();
    }
  }

  public void problem(String key, String value, String expected) {
    problems.add(key + "='" + value + "' is invalid: expected " + expected);
  }

  public void problem(String message) {
    problems.add(message);
  }

  /** Throws a {@link ConfigException} listing every problem seen so far, if any. */
  public void validate() {
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  private static String redact(String value) {
    return value.replaceAll("(://[^:/@]*:)[^@]*@", "$1***@");
  }
}
