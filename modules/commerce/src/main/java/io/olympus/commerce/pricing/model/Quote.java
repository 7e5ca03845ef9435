package io.olympus.commerce.pricing.model;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/** The price of a line: unit and line amounts (minor units) and the rule that set them. */
public record Quote(UUID variantId, int quantity, String currency, long unitAmount, long lineAmount, Rule rule) {

  /**
   * Which price applied: {@code base} (the variant's own price) or {@code price_list} with the list,
   * the entry's quantity tier and sale window.
   */
  public record Rule(String kind, UUID priceListId, String priceListName, UUID entryId, int minQuantity,
                     Instant startsAt, Instant endsAt) {

    public static Rule base() {
      return new Rule("base", null, null, null, 1, null, null);
    }

    JsonObject toJson() {
      return new JsonObject()
          .put("kind", kind)
          .put("price_list_id", priceListId == null ? null : priceListId.toString())
          .put("price_list_name", priceListName)
          .put("entry_id", entryId == null ? null : entryId.toString())
          .put("min_quantity", minQuantity)
          .put("starts_at", startsAt == null ? null : startsAt.toString())
          .put("ends_at", endsAt == null ? null : endsAt.toString());
    }
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("variant_id", variantId.toString())
        .put("quantity", quantity)
        .put("currency", currency)
        .put("unit_amount", unitAmount)
        .put("line_amount", lineAmount)
        .put("rule", rule.toJson());
  }
}
