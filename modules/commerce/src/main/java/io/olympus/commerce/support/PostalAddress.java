package io.olympus.commerce.support;

import io.olympus.common.json.JsonInput;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Set;

/**
 * A postal address as carts, orders and the address book hold it. {@code country} is an ISO 3166-1 alpha-2 code
 * (upper case); {@code region} a free code such as {@code CA} or {@code BY}; tax and shipping match on country,
 * region and postal-code prefix.
 */
public record PostalAddress(String firstName, String lastName, String company, String line1, String line2,
                            String city, String region, String postalCode, String country, String phone) {

  private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

  /** Reads the address under {@code field}; null (errors recorded) when absent-and-optional or invalid. */
  public static PostalAddress read(JsonInput in, String field, boolean required) {
    JsonInput a = in.child(field, required);
    return a == null ? null : read(a);
  }

  /** Reads an address object; null when a field is invalid (errors recorded). */
  public static PostalAddress read(JsonInput a) {
    String firstName = a.optionalString("first_name", 1, 100);
    String lastName = a.optionalString("last_name", 1, 100);
    String company = a.optionalString("company", 1, 200);
    String line1 = a.requiredString("line1", 1, 200);
    String line2 = a.optionalString("line2", 1, 200);
    String city = a.requiredString("city", 1, 100);
    String region = a.optionalString("region", 1, 50);
    String postalCode = a.optionalString("postal_code", 1, 20);
    String country = a.requiredString("country", 2, 2);
    if (country != null && !COUNTRIES.contains(country.toUpperCase(Locale.ROOT))) {
      a.error("country", "must be an ISO 3166-1 alpha-2 code such as DE");
      country = null;
    }
    String phone = a.optionalString("phone", 3, 40);
    if (line1 == null || city == null || country == null) {
      return null;
    }
    return new PostalAddress(firstName, lastName, company, line1, line2, city,
        region == null ? null : region.toUpperCase(Locale.ROOT), postalCode, country.toUpperCase(Locale.ROOT), phone);
  }

  /** The postal code upper-cased without blanks, as tax regions' prefixes are matched against it ("" if none). */
  public String normalizedPostalCode() {
    return postalCode == null ? "" : postalCode.replace(" ", "").toUpperCase(Locale.ROOT);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("first_name", firstName)
        .put("last_name", lastName)
        .put("company", company)
        .put("line1", line1)
        .put("line2", line2)
        .put("city", city)
        .put("region", region)
        .put("postal_code", postalCode)
        .put("country", country)
        .put("phone", phone);
  }

  /** The stored JSON form (as written by {@link #toJson}); null for null. */
  public static PostalAddress fromStored(Object stored) {
    if (!(stored instanceof JsonObject json)) {
      return null;
    }
    return new PostalAddress(json.getString("first_name"), json.getString("last_name"), json.getString("company"),
        json.getString("line1"), json.getString("line2"), json.getString("city"), json.getString("region"),
        json.getString("postal_code"), json.getString("country"), json.getString("phone"));
  }
}
