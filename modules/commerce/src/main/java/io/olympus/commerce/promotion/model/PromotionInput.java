package io.olympus.commerce.promotion.model;

import io.olympus.common.json.JsonInput;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A validated promotion: its {@link Terms} and, at creation, its first codes. Every bad field is named in one
 * ValidationException ({@code amounts_off[1].currency}, {@code percent_off}). A change ({@link #readUpdate}) names any
 * of the fields; it is applied over the stored terms and the result validated as a whole.
 */
public record PromotionInput(Terms terms, List<String> codes) {

  public static final Set<String> TYPES = Set.of(Terms.PERCENTAGE, Terms.FIXED_AMOUNT, Terms.BUY_X_GET_Y,
      Terms.FREE_SHIPPING);
  public static final Set<String> TARGETS = Set.of(Terms.ORDER, Terms.LINES);
  public static final Set<String> STACKING = Set.of(Terms.EXCLUSIVE, Terms.COMBINABLE);
  /** A code: 3 to 40 letters, digits, {@code -} or {@code _}; compared and stored upper-case. */
  public static final Pattern CODE = Pattern.compile("^[A-Za-z0-9_-]{3,40}$");
  public static final int MAX_CODES = 100;
  public static final long MAX_AMOUNT = 1_000_000_000_000L;

  private static final Set<String> FIELDS = Set.of("name", "description", "type", "target", "percent_off",
      "amounts_off", "applies_to", "buy_quantity", "get_quantity", "get_percent_off", "starts_at", "ends_at",
      "minimum_subtotals", "customer_groups", "first_order_only", "stacking", "priority", "max_discounts", "automatic",
      "active", "usage_limit", "usage_limit_per_customer");

  /** Parses a new promotion; throws ValidationException naming every bad field. */
  public static PromotionInput readCreate(JsonObject json) {
    JsonInput in = new JsonInput(json);
    unknownFields(in, json, true);
    Terms terms = read(in, json);
    List<String> codes = codes(in, "codes", 0, MAX_CODES);
    if (terms != null && terms.automatic() && codes != null && !codes.isEmpty()) {
      in.error("codes", "an automatic promotion has no codes");
    }
    in.validate();
    return new PromotionInput(terms, codes == null ? List.of() : codes);
  }

  /** Applies the fields {@code patch} names to {@code current}; throws ValidationException naming every bad field. */
  public static Terms readUpdate(Terms current, JsonObject patch) {
    JsonInput in = new JsonInput(patch);
    unknownFields(in, patch, false);
    if (patch.isEmpty()) {
      in.error("body", "must change at least one field");
    }
    in.validate();
    JsonObject merged = current.toJson();
    patch.forEach(e -> merged.put(e.getKey(), e.getValue()));
    JsonInput whole = new JsonInput(merged);
    Terms terms = read(whole, merged);
    whole.validate();
    return terms;
  }

  /** Codes as typed: each 3..40 of {@code [A-Za-z0-9_-]}, upper-cased, distinct; null when absent. */
  public static List<String> codes(JsonInput in, String field, int min, int max) {
    List<String> raw = in.strings(field, max, 40);
    if (raw == null) {
      if (min > 0) {
        in.error(field, "is required");
      }
      return null;
    }
    if (raw.size() < min) {
      in.error(field, "must hold " + min + " to " + max + " codes");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      if (!CODE.matcher(raw.get(i)).matches()) {
        in.error(field + "[" + i + "]", "must be 3 to 40 letters, digits, - or _");
      } else {
        String code = raw.get(i).toUpperCase(Locale.ROOT);
        if (out.contains(code)) {
          in.error(field + "[" + i + "]", "repeats " + code + " (codes ignore case)");
        } else {
          out.add(code);
        }
      }
    }
    return out;
  }

  private static void unknownFields(JsonInput in, JsonObject json, boolean create) {
    for (String field : json.fieldNames()) {
      if (!FIELDS.contains(field) && !(create && field.equals("codes"))) {
        in.error(field, field.equals("codes") ? "are added through /promotions/{id}/codes"
            : "is not a field of a promotion" + (create ? "" : " that can be changed"));
      }
    }
  }

  private static Terms read(JsonInput in, JsonObject json) {
    String name = in.requiredString("name", 1, 200);
    String description = in.optionalString("description", 0, 2000);
    String type = in.oneOf("type", TYPES, null);
    if (type == null && !in.has("type")) {
      in.error("type", "is required: one of " + String.join(", ", TYPES));
    }
    String target = in.oneOf("target", TARGETS, Terms.ORDER);
    Integer percentOff = percent(in, json, "percent_off");
    Map<String, Long> amountsOff = money(in, "amounts_off", 1);
    JsonInput appliesTo = in.child("applies_to", false);
    List<UUID> products = appliesTo == null ? null : appliesTo.uuids("product_ids", 100);
    List<UUID> variants = appliesTo == null ? null : appliesTo.uuids("variant_ids", 100);
    List<UUID> categories = appliesTo == null ? null : appliesTo.uuids("category_ids", 100);
    Integer buy = in.optionalInt("buy_quantity", 1, 1000);
    Integer get = in.optionalInt("get_quantity", 1, 1000);
    Integer getPercent = percent(in, json, "get_percent_off");
    Instant startsAt = in.optionalInstant("starts_at");
    Instant endsAt = in.optionalInstant("ends_at");
    if (startsAt != null && endsAt != null && !endsAt.isAfter(startsAt)) {
      in.error("ends_at", "must be after starts_at");
    }
    Map<String, Long> minimums = money(in, "minimum_subtotals", 0);
    List<String> groups = in.strings("customer_groups", 20, 60);
    Boolean firstOrder = in.optionalBoolean("first_order_only");
    String stacking = in.oneOf("stacking", STACKING, Terms.COMBINABLE);
    Integer priority = in.optionalInt("priority", 0, 10_000);
    Map<String, Long> caps = money(in, "max_discounts", 1);
    Boolean automatic = in.optionalBoolean("automatic");
    Boolean active = in.optionalBoolean("active");
    Integer usageLimit = in.optionalInt("usage_limit", 1, 1_000_000_000);
    Integer perCustomer = in.optionalInt("usage_limit_per_customer", 1, 1_000_000);
    if (type != null) {
      switch (type) {
        case Terms.PERCENTAGE -> {
          if (percentOff == null && !in.has("percent_off")) {
            in.error("percent_off", "is required for a percentage promotion");
          }
        }
        case Terms.FIXED_AMOUNT -> {
          if (amountsOff.isEmpty() && in.errors().stream().noneMatch(e -> e.field().startsWith("amounts_off"))) {
            in.error("amounts_off", "is required for a fixed_amount promotion: one amount per currency");
          }
        }
        case Terms.BUY_X_GET_Y -> {
          if (buy == null && !in.has("buy_quantity")) {
            in.error("buy_quantity", "is required for a buy_x_get_y promotion");
          }
          if (get == null && !in.has("get_quantity")) {
            in.error("get_quantity", "is required for a buy_x_get_y promotion");
          }
        }
        default -> { }
      }
      if (!type.equals(Terms.PERCENTAGE) && json.getValue("percent_off") != null) {
        in.error("percent_off", "is only for a percentage promotion");
      }
      if (!type.equals(Terms.FIXED_AMOUNT) && !amountsOff.isEmpty()) {
        in.error("amounts_off", "is only for a fixed_amount promotion");
      }
      if (!type.equals(Terms.BUY_X_GET_Y) && (buy != null || get != null || getPercent != null)) {
        in.error(buy != null ? "buy_quantity" : get != null ? "get_quantity" : "get_percent_off",
            "is only for a buy_x_get_y promotion");
      }
      if (type.equals(Terms.FREE_SHIPPING) && Terms.LINES.equals(target)) {
        in.error("target", "free shipping applies to the order");
      }
    }
    boolean hasItems = (products != null && !products.isEmpty()) || (variants != null && !variants.isEmpty())
        || (categories != null && !categories.isEmpty());
    if (hasItems && Terms.ORDER.equals(target) && !Terms.BUY_X_GET_Y.equals(type)) {
      in.error("applies_to", "needs target lines (an order-level promotion applies to the whole subtotal)");
    }
    String effectiveTarget = Terms.BUY_X_GET_Y.equals(type) ? Terms.LINES
        : Terms.FREE_SHIPPING.equals(type) ? Terms.ORDER : target;
    return new Terms(name, description, type, effectiveTarget == null ? Terms.ORDER : effectiveTarget, percentOff,
        amountsOff, products == null ? List.of() : products, variants == null ? List.of() : variants,
        categories == null ? List.of() : categories, buy, get,
        Terms.BUY_X_GET_Y.equals(type) && getPercent == null ? Integer.valueOf(10_000) : getPercent, startsAt,
        endsAt, minimums, groups == null ? List.of() : groups, Boolean.TRUE.equals(firstOrder),
        stacking == null ? Terms.COMBINABLE : stacking, priority == null ? 100 : priority, caps,
        Boolean.TRUE.equals(automatic), active == null || active, usageLimit, perCustomer);
  }

  /** A percentage: a number above 0 and at most 100 with at most two decimals, as basis points. */
  private static Integer percent(JsonInput in, JsonObject json, String field) {
    Object raw = json.getValue(field);
    if (raw == null) {
      return null;
    }
    if (!(raw instanceof Number number)) {
      in.error(field, "must be a number above 0 and at most 100");
      return null;
    }
    BigDecimal value;
    try {
      value = new BigDecimal(number.toString());
    } catch (NumberFormatException e) {
      in.error(field, "must be a number above 0 and at most 100");
      return null;
    }
    if (value.signum() <= 0 || value.compareTo(BigDecimal.valueOf(100)) > 0) {
      in.error(field, "must be a number above 0 and at most 100");
      return null;
    }
    if (value.stripTrailingZeros().scale() > 2) {
      in.error(field, "must have at most two decimals");
      return null;
    }
    return value.movePointRight(2).intValueExact();
  }

  /** An array of {amount, currency}, one per currency, amounts at least {@code min}; empty when absent. */
  private static Map<String, Long> money(JsonInput in, String field, long min) {
    List<JsonInput> items = in.objects(field, 0, 50);
    Map<String, Long> out = new LinkedHashMap<>();
    if (items == null) {
      return out;
    }
    for (int i = 0; i < items.size(); i++) {
      JsonInput item = items.get(i);
      Long amount = item.requiredLong("amount", min, MAX_AMOUNT);
      String currency = item.requiredCurrency("currency");
      if (currency != null && out.containsKey(currency)) {
        in.error(field + "[" + i + "].currency", "repeats " + currency + ": one amount per currency");
      } else if (amount != null && currency != null) {
        out.put(currency, amount);
      }
    }
    return out;
  }
}
