package io.olympus.platform.location;

import io.olympus.common.json.JsonInput;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Currency;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** A validated request to create a location. */
public record NewLocation(UUID parentId, String code, String name, String kind, String timezone, String currency,
                          String taxRegion, JsonObject address) {

  static final Pattern CODE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$");
  static final Set<String> KINDS = Set.of("region", "store", "warehouse", "other");

  /** Parses and validates; throws ValidationException naming every bad field. */
  public static NewLocation fromJson(JsonObject json) {
    JsonInput in = new JsonInput(json);
    UUID parent = json.getValue("parent_id") == null ? null : in.requiredUuid("parent_id");
    String code = in.requiredMatching("code", CODE, "1 to 63 letters, digits, '_', '.' or '-'");
    String name = in.requiredString("name", 1, 200);
    String kind = in.optionalString("kind", 1, 20);
    if (kind != null && !KINDS.contains(kind)) {
      in.error("kind", "must be one of region, store, warehouse, other");
    }
    String timezone = in.optionalString("timezone", 1, 64);
    if (timezone != null) {
      try {
        ZoneId.of(timezone);
      } catch (DateTimeException e) {
        in.error("timezone", "must be an IANA time zone such as Europe/Berlin");
      }
    }
    String currency = in.optionalString("currency", 3, 3);
    if (currency != null) {
      try {
        Currency.getInstance(currency);
      } catch (IllegalArgumentException e) {
        in.error("currency", "must be an ISO 4217 currency code");
      }
    }
    String taxRegion = in.optionalString("tax_region", 1, 64);
    Object address = json.getValue("address");
    if (address != null && !(address instanceof JsonObject)) {
      in.error("address", "must be an object");
    }
    in.validate();
    return new NewLocation(parent, code, name, kind == null ? "store" : kind, timezone == null ? "UTC" : timezone,
        currency == null ? "USD" : currency, taxRegion, (JsonObject) address);
  }
}
