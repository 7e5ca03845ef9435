package io.olympus.commerce.catalog.model;

import io.olympus.commerce.support.Money;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.UUID;
import java.util.function.Function;

/**
 * A sellable variant of a product: one combination of option values with its own SKU and price, and the tax category
 * its tax rates are looked up by (none stored: {@value #DEFAULT_TAX_CATEGORY}).
 */
public record Variant(UUID id, UUID productId, String sku, String barcode, JsonObject options, Integer weightGrams,
                      Money price, int position, String taxCategory) {

  /** The tax category of a variant that has none of its own. */
  public static final String DEFAULT_TAX_CATEGORY = "standard";

  public static final Function<Row, Variant> MAPPER = row -> new Variant(
      row.getUUID("id"),
      row.getUUID("product_id"),
      row.getString("sku"),
      row.getString("barcode"),
      (JsonObject) row.getValue("options"),
      row.getInteger("weight_grams"),
      new Money(row.getLong("price_amount"), row.getString("currency")),
      row.getInteger("position"),
      row.getString("tax_category"));

  /** A variant from the JSON object the product read function builds (the column names as keys). */
  public static Variant fromJson(JsonObject json) {
    return new Variant(
        UUID.fromString(json.getString("id")),
        UUID.fromString(json.getString("product_id")),
        json.getString("sku"),
        json.getString("barcode"),
        json.getJsonObject("options"),
        json.getInteger("weight_grams"),
        new Money(json.getLong("price_amount"), json.getString("currency")),
        json.getInteger("position"),
        json.getString("tax_category"));
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("sku", sku)
        .put("barcode", barcode)
        .put("options", options)
        .put("weight_grams", weightGrams)
        .put("price", price.toJson())
        .put("position", position)
        .put("tax_category", taxCategory == null ? DEFAULT_TAX_CATEGORY : taxCategory);
  }
}
