package io.olympus.platform.setting;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Currency;
import java.util.Set;
import java.util.function.Function;

/**
 * The schema of one tenant setting: its type, constraints and default. {@link #check} returns null
 * for a valid value, or what is expected.
 */
public record SettingDefinition(String key, String description, Object defaultValue, Function<Object, String> check) {

  /** Every setting a tenant may change, with its schema. */
  public static final java.util.Map<String, SettingDefinition> ALL = java.util.Map.of(
      "store.default_currency", new SettingDefinition("store.default_currency", "ISO 4217 currency of new prices",
          "USD", SettingDefinition::currency),
      "store.timezone", new SettingDefinition("store.timezone", "IANA time zone for reports", "UTC",
          SettingDefinition::timezone),
      "orders.auto_cancel_minutes", new SettingDefinition("orders.auto_cancel_minutes",
          "Minutes before an unpaid order is cancelled", 60, v -> integer(v, 5, 10_080)),
      "orders.allow_backorders", new SettingDefinition("orders.allow_backorders",
          "Accept orders beyond available stock", false, SettingDefinition::bool),
      "auth.require_mfa", new SettingDefinition("auth.require_mfa", "Every user must enrol MFA", false,
          SettingDefinition::bool),
      "auth.session_idle_minutes", new SettingDefinition("auth.session_idle_minutes",
          "Idle minutes before a session ends", 60, v -> integer(v, 5, 1_440)),
      "audit.retention_days", new SettingDefinition("audit.retention_days", "Days audit entries are kept", 365,
          v -> integer(v, 30, 3_650)),
      "checkout.guest_enabled", new SettingDefinition("checkout.guest_enabled", "Allow checkout without an account",
          true, SettingDefinition::bool),
      "locale.default", new SettingDefinition("locale.default", "Default locale", "en",
          v -> oneOf(v, Set.of("en", "de", "fr", "es", "it", "nl", "pt", "ja"))));

  static String bool(Object value) {
    return value instanceof Boolean ? null : "true or false";
  }

  static String integer(Object value, int min, int max) {
    return value instanceof Integer i && i >= min && i <= max ? null : "an integer from " + min + " to " + max;
  }

  static String oneOf(Object value, Set<String> allowed) {
    return value instanceof String s && allowed.contains(s) ? null : "one of " + new java.util.TreeSet<>(allowed);
  }

  static String currency(Object value) {
    try {
      if (value instanceof String s && s.length() == 3) {
        Currency.getInstance(s);
        return null;
      }
    } catch (IllegalArgumentException e) {
      // falls through to the expectation
    }
    return "an ISO 4217 currency code";
  }

  static String timezone(Object value) {
    try {
      if (value instanceof String s) {
        ZoneId.of(s);
        return null;
      }
    } catch (DateTimeException e) {
      // falls through to the expectation
    }
    return "an IANA time zone such as Europe/Berlin";
  }
}
