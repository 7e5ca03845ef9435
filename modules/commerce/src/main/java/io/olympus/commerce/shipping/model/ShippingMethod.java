package io.olympus.commerce.shipping.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A way to ship to a zone. {@code basis} says what its rate brackets measure: {@code flat} (one bracket from 0),
 * {@code weight} (the goods' total grams) or {@code order_value} (the goods' total, minor units); the bracket with
 * the largest {@code min_value} not above the measure applies, and no bracket means the method is not offered.
 * From {@code free_over_amount} of goods on, shipping is free.
 */
public record ShippingMethod(UUID id, UUID zoneId, String name, String carrier, String basis, String currency,
                            Long freeOverAmount, boolean active, List<Rate> rates) {

  /** One bracket: from {@code minValue} (grams or minor units) on, {@code amount}. */
  public record Rate(long minValue, long amount) {

    public JsonObject toJson() {
      return new JsonObject().put("min_value", minValue).put("amount", amount);
    }
  }

  public ShippingMethod {
    rates = List.copyOf(rates);
  }

  /**
   * The charge for goods weighing {@code weightGrams} and worth {@code goodsAmount} (in the method's currency), or
   * empty when the method does not apply to them.
   */
  public Optional<Long> price(long weightGrams, long goodsAmount) {
    long measure = switch (basis) {
      case "weight" -> weightGrams;
      case "order_value" -> goodsAmount;
      default -> 0;
    };
    Optional<Rate> bracket = rates.stream()
        .filter(r -> r.minValue() <= measure)
        .max(Comparator.comparingLong(Rate::minValue));
    if (bracket.isEmpty()) {
      return Optional.empty();
    }
    if (freeOverAmount != null && goodsAmount >= freeOverAmount) {
      return Optional.of(0L);
    }
    return Optional.of(bracket.get().amount());
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("zone_id", zoneId.toString())
        .put("name", name)
        .put("carrier", carrier)
        .put("basis", basis)
        .put("currency", currency)
        .put("free_over_amount", freeOverAmount)
        .put("active", active)
        .put("rates", new JsonArray(rates.stream().map(Rate::toJson).toList()));
  }
}
