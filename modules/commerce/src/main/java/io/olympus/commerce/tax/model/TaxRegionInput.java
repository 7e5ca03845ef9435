package io.olympus.commerce.tax.model;

import io.olympus.common.json.JsonInput;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** A validated tax region with its rates ({@code rates[i].rate_ppm}: 0..1,000,000 parts per million). */
public record TaxRegionInput(String name, String country, String region, String postalPrefix, List<TaxRate> rates) {

  public static final Pattern CATEGORY = Pattern.compile("^[a-z][a-z0-9_-]{0,39}$");
  private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

  /** Parses and validates; throws ValidationException naming every bad field. */
  public static TaxRegionInput fromJson(JsonObject json) {
    JsonInput in = new JsonInput(json);
    String name = in.requiredString("name", 1, 120);
    String country = in.requiredString("country", 2, 2);
    if (country != null && !COUNTRIES.contains(country.toUpperCase(Locale.ROOT))) {
      in.error("country", "must be an ISO 3166-1 alpha-2 code such as DE");
    }
    String region = in.optionalString("region", 1, 50);
    String prefix = in.optionalString("postal_prefix", 1, 20);
    List<TaxRate> rates = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<JsonInput> items = in.objects("rates", 1, 50);
    for (JsonInput item : items == null ? List.<JsonInput>of() : items) {
      String category = item.requiredString("tax_category", 1, 40);
      if (category != null && !CATEGORY.matcher(category).matches()) {
        item.error("tax_category", "must be lower-case letters, digits, '-' or '_' (e.g. standard, reduced, shipping)");
        category = null;
      } else if (category != null && !seen.add(category)) {
        item.error("tax_category", "appears twice");
        category = null;
      }
      String rateName = item.requiredString("name", 1, 60);
      Integer ppm = item.requiredInt("rate_ppm", 0, 1_000_000);
      if (category != null && rateName != null && ppm != null) {
        rates.add(new TaxRate(category, rateName, ppm));
      }
    }
    in.validate();
    return new TaxRegionInput(name, country.toUpperCase(Locale.ROOT), region == null ? null : region.toUpperCase(Locale.ROOT),
        prefix == null ? null : prefix.replace(" ", "").toUpperCase(Locale.ROOT), List.copyOf(rates));
  }
}
