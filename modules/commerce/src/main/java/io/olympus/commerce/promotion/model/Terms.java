package io.olympus.commerce.promotion.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a promotion gives and when (validated by {@link PromotionInput}). Percentages are integer basis points
 * ({@code 1250} = 12.5 %); money maps hold integer minor units by currency ({@code {"EUR": 500}}).
 */
public record Terms(String name, String description, String type, String target, Integer percentOffBp,
                    Map<String, Long> amountsOff, List<UUID> productIds, List<UUID> variantIds, List<UUID> categoryIds,
                    Integer buyQuantity, Integer getQuantity, Integer getPercentOffBp, Instant startsAt, Instant endsAt,
                    Map<String, Long> minimumSubtotals, List<String> customerGroups, boolean firstOrderOnly,
                    String stacking, int priority, Map<String, Long> maxDiscounts, boolean automatic, boolean active,
                    Integer usageLimit, Integer usageLimitPerCustomer) {

  public static final String PERCENTAGE = "percentage";
  public static final String FIXED_AMOUNT = "fixed_amount";
  public static final String BUY_X_GET_Y = "buy_x_get_y";
  public static final String FREE_SHIPPING = "free_shipping";
  public static final String ORDER = "order";
  public static final String LINES = "lines";
  public static final String EXCLUSIVE = "exclusive";
  public static final String COMBINABLE = "combinable";

  public Terms {
    amountsOff = Map.copyOf(amountsOff);
    productIds = List.copyOf(productIds);
    variantIds = List.copyOf(variantIds);
    categoryIds = List.copyOf(categoryIds);
    minimumSubtotals = Map.copyOf(minimumSubtotals);
    customerGroups = List.copyOf(customerGroups);
    maxDiscounts = Map.copyOf(maxDiscounts);
  }

  /** Whether the promotion names products, variants or categories (else every line qualifies). */
  public boolean targetsItems() {
    return !productIds.isEmpty() || !variantIds.isEmpty() || !categoryIds.isEmpty();
  }

  public boolean exclusive() {
    return EXCLUSIVE.equals(stacking);
  }

  /** The request form of these terms (what {@link PromotionInput#readCreate} reads back into them). */
  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("name", name)
        .put("description", description)
        .put("type", type)
        .put("target", target)
        .put("percent_off", percent(percentOffBp))
        .put("amounts_off", money(amountsOff))
        .put("applies_to", new JsonObject()
            .put("product_ids", ids(productIds))
            .put("variant_ids", ids(variantIds))
            .put("category_ids", ids(categoryIds)))
        .put("buy_quantity", buyQuantity)
        .put("get_quantity", getQuantity)
        .put("get_percent_off", percent(getPercentOffBp))
        .put("starts_at", startsAt == null ? null : startsAt.toString())
        .put("ends_at", endsAt == null ? null : endsAt.toString())
        .put("minimum_subtotals", money(minimumSubtotals))
        .put("customer_groups", new JsonArray(customerGroups))
        .put("first_order_only", firstOrderOnly)
        .put("stacking", stacking)
        .put("priority", priority)
        .put("max_discounts", money(maxDiscounts))
        .put("automatic", automatic)
        .put("active", active)
        .put("usage_limit", usageLimit)
        .put("usage_limit_per_customer", usageLimitPerCustomer);
    return json;
  }

  /** Basis points as a JSON number of percent ({@code 1250} → {@code 12.5}), null for null. */
  static Number percent(Integer bp) {
    if (bp == null) {
      return null;
    }
    BigDecimal value = BigDecimal.valueOf(bp).movePointLeft(2).stripTrailingZeros();
    return value.scale() <= 0 ? (Number) value.intValueExact() : (Number) value.doubleValue();
  }

  static JsonArray money(Map<String, Long> amounts) {
    JsonArray out = new JsonArray();
    amounts.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> out.add(new JsonObject().put("amount", e.getValue()).put("currency", e.getKey())));
    return out;
  }

  private static JsonArray ids(List<UUID> ids) {
    return new JsonArray(ids.stream().map(UUID::toString).toList());
  }
}
