package io.olympus.commerce.tax.model;

import io.olympus.commerce.support.PostalAddress;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A tax region: a country, optionally narrowed to a region and/or a postal-code prefix, with one rate per tax
 * category. Of the regions matching an address, the most specific one that has a rate for a category applies.
 */
public record TaxRegion(UUID id, String name, String country, String region, String postalPrefix, List<TaxRate> rates) {

  public TaxRegion {
    rates = List.copyOf(rates);
  }

  /** Whether {@code address} lies in this region. */
  public boolean matches(PostalAddress address) {
    if (address == null || !country.equals(address.country())) {
      return false;
    }
    if (region != null && !region.equalsIgnoreCase(address.region() == null ? "" : address.region())) {
      return false;
    }
    return postalPrefix == null || address.normalizedPostalCode().startsWith(postalPrefix);
  }

  /** Higher is more specific: a longer postal prefix first, then a region over the whole country. */
  public int specificity() {
    return (postalPrefix == null ? 0 : (postalPrefix.length() + 1) * 2) + (region == null ? 0 : 1);
  }

  public Optional<TaxRate> rate(String taxCategory) {
    return rates.stream().filter(r -> r.taxCategory().equals(taxCategory)).findFirst();
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("name", name)
        .put("country", country)
        .put("region", region)
        .put("postal_prefix", postalPrefix)
        .put("rates", new JsonArray(rates.stream().map(TaxRate::toJson).toList()));
  }
}
