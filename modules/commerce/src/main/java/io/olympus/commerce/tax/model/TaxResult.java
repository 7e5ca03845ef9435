package io.olympus.commerce.tax.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A calculator's answer: the tax in each line (by key) and in the shipping charge, each with its breakdown.
 * For a tax-included amount the tax is the part of the amount that is tax; otherwise it comes on top.
 */
public record TaxResult(Map<String, LineTax> lines, LineTax shipping) {

  public TaxResult {
    lines = Map.copyOf(lines);
  }

  /** The tax of one taxable amount: the sum of its components. */
  public record LineTax(long amount, List<Component> components) {

    public static final LineTax NONE = new LineTax(0, List.of());

    public LineTax {
      components = List.copyOf(components);
    }

    public JsonArray toJson() {
      return new JsonArray(components.stream().map(Component::toJson).toList());
    }

    /** Reads the stored JSON form written by {@link #toJson}. */
    public static LineTax fromStored(JsonArray stored) {
      if (stored == null || stored.isEmpty()) {
        return NONE;
      }
      List<Component> components = stored.stream().map(o -> (JsonObject) o)
          .map(c -> new Component(c.getString("name"), c.getInteger("rate_ppm"),
              c.getString("tax_region_id") == null ? null : UUID.fromString(c.getString("tax_region_id")),
              c.getLong("amount")))
          .toList();
      return new LineTax(components.stream().mapToLong(Component::amount).sum(), components);
    }
  }

  /** One tax of an amount: its name (VAT), rate and the region it comes from. */
  public record Component(String name, int ratePpm, UUID taxRegionId, long amount) {

    public JsonObject toJson() {
      return new JsonObject()
          .put("name", name)
          .put("rate_ppm", ratePpm)
          .put("tax_region_id", taxRegionId == null ? null : taxRegionId.toString())
          .put("amount", amount);
    }
  }

  /** The tax of the line with {@code key}, or none. */
  public LineTax line(String key) {
    return lines.getOrDefault(key, LineTax.NONE);
  }
}
