package io.olympus.commerce.shipping.model;

import io.olympus.common.json.JsonInput;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A validated shipping method with its rate brackets. */
public record ShippingMethodInput(String name, String carrier, String basis, String currency, Long freeOverAmount,
                                  List<ShippingMethod.Rate> rates) {

  public static final Set<String> BASES = Set.of("flat", "weight", "order_value");
  private static final long MAX_AMOUNT = 1_000_000_000_000L;

  /** Parses and validates; throws ValidationException naming every bad field. */
  public static ShippingMethodInput fromJson(JsonObject json) {
    JsonInput in = new JsonInput(json);
    String name = in.requiredString("name", 1, 120);
    String carrier = in.optionalString("carrier", 1, 60);
    String basis = in.oneOf("basis", BASES, null);
    if (basis == null && !in.has("basis")) {
      in.error("basis", "is required");
    }
    String currency = in.requiredCurrency("currency");
    Long freeOver = in.optionalLong("free_over_amount", 0, MAX_AMOUNT);
    List<ShippingMethod.Rate> rates = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    List<JsonInput> items = in.objects("rates", 1, 100);
    for (JsonInput item : items == null ? List.<JsonInput>of() : items) {
      Long min = item.optionalLong("min_value", 0, MAX_AMOUNT);
      Long amount = item.requiredLong("amount", 0, MAX_AMOUNT);
      long from = min == null ? 0 : min;
      if (!seen.add(from)) {
        item.error("min_value", "appears twice");
      } else if ("flat".equals(basis) && from != 0) {
        item.error("min_value", "must be 0 for a flat rate");
      } else if (amount != null) {
        rates.add(new ShippingMethod.Rate(from, amount));
      }
    }
    if ("flat".equals(basis) && items != null && items.size() > 1) {
      in.error("rates", "must hold one rate for a flat method");
    }
    in.validate();
    return new ShippingMethodInput(name, carrier, basis, currency, freeOver, List.copyOf(rates));
  }
}
