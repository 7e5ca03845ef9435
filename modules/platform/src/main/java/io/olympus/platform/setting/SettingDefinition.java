package io.olympus.platform.setting;

import io.olympus.common.net.CidrBlock;
import io.vertx.core.json.JsonArray;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The schema of one tenant setting: its type, constraints and default. {@link #check} returns null
 * for a valid value, or what is expected.
 */
public record SettingDefinition(String key, String description, Object defaultValue, Function<Object, String> check) {

  /** The tenant's IP allow list (CIDR strings); enforced in every service and at sign-in. */
  public static final String IP_ALLOW = "security.ip_allow";
  /** The tenant's IP deny list (CIDR strings); deny wins over allow. */
  public static final String IP_DENY = "security.ip_deny";

  /** Every setting a tenant may change, with its schema. */
  public static final java.util.Map<String, SettingDefinition> ALL = byKey(
      new SettingDefinition("store.default_currency", "ISO 4217 currency of new prices",
          "USD", SettingDefinition::currency),
      new SettingDefinition("store.timezone", "IANA time zone for reports", "UTC",
          SettingDefinition::timezone),
      new SettingDefinition("orders.auto_cancel_minutes",
          "Minutes before an unpaid order is cancelled", 60, v -> integer(v, 5, 10_080)),
      new SettingDefinition("orders.allow_backorders",
          "Accept orders beyond available stock", false, SettingDefinition::bool),
      new SettingDefinition("auth.require_mfa", "Every user must enrol MFA", false,
          SettingDefinition::bool),
      new SettingDefinition("auth.session_idle_minutes",
          "Idle minutes before a session ends", 60, v -> integer(v, 5, 1_440)),
      new SettingDefinition("audit.retention_days", "Days audit entries are kept", 365,
          v -> integer(v, 30, 3_650)),
      new SettingDefinition("checkout.guest_enabled", "Allow checkout without an account",
          true, SettingDefinition::bool),
      new SettingDefinition("locale.default", "Default locale", "en",
          v -> oneOf(v, Set.of("en", "de", "fr", "es", "it", "nl", "pt", "ja"))),
      new SettingDefinition(IP_ALLOW,
          "CIDR blocks (IPv4/IPv6) the tenant's users and API keys may connect from; empty = any address", List.of(),
          SettingDefinition::cidrList),
      new SettingDefinition(IP_DENY,
          "CIDR blocks (IPv4/IPv6) refused for the tenant; deny wins over allow", List.of(),
          SettingDefinition::cidrList));

  private static java.util.Map<String, SettingDefinition> byKey(SettingDefinition... definitions) {
    java.util.Map<String, SettingDefinition> map = new java.util.LinkedHashMap<>();
    for (SettingDefinition def : definitions) {
      map.put(def.key(), def);
    }
    return java.util.Collections.unmodifiableMap(map);
  }

  /** Most entries an IP list may have. */
  public static final int MAX_CIDR_ENTRIES = 100;

  static String cidrList(Object value) {
    String expected = "a list of at most " + MAX_CIDR_ENTRIES + " CIDR blocks such as 10.0.0.0/8 or 2001:db8::/32";
    if (!(value instanceof JsonArray array) || array.size() > MAX_CIDR_ENTRIES) {
      return expected;
    }
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof String entry)) {
        return expected + "; entry " + i + " is not a string";
      }
      try {
        CidrBlock.parse(entry);
      } catch (IllegalArgumentException e) {
        return expected + "; entry " + i + " '" + abbreviate(entry) + "' needs " + e.getMessage();
      }
    }
    return null;
  }

  private static String abbreviate(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "...";
  }

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
