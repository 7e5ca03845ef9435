package io.olympus.commerce.tax.model;

import io.vertx.core.json.JsonObject;

/** The rate of one tax category in a region, in parts per million of the taxed amount (19 % = 190000). */
public record TaxRate(String taxCategory, String name, int ratePpm) {

  public JsonObject toJson() {
    return new JsonObject().put("tax_category", taxCategory).put("name", name).put("rate_ppm", ratePpm);
  }
}
