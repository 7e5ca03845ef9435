package io.olympus.commerce.order.pricing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One discount the discount step applied: the promotion (and the code that brought it, null for an automatic one),
 * the amount it takes off each line (by line key, in minor units) and, for free shipping, the shipping charge it
 * waived. {@link #amount()} is their sum.
 */
public record AppliedDiscount(UUID promotionId, UUID codeId, String code, String name, String type,
                              Map<String, Long> lines, boolean freeShipping, long shippingAmount) {

  public AppliedDiscount {
    lines = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(lines));
  }

  /** What the discount takes off in all: its lines and the waived shipping. */
  public long amount() {
    long sum = shippingAmount;
    for (long off : lines.values()) {
      sum = Math.addExact(sum, off);
    }
    return sum;
  }

  /** This discount with {@code waived} as the shipping charge it takes off. */
  public AppliedDiscount withShipping(long waived) {
    return new AppliedDiscount(promotionId, codeId, code, name, type, lines, freeShipping, waived);
  }

  /**
   * {@code {promotion_id, code, name, type, amount, shipping_amount, lines: [{variant_id, amount}]}}; line keys are
   * the lines' variant ids.
   */
  public JsonObject toJson() {
    JsonArray perLine = new JsonArray();
    lines.forEach((key, off) -> perLine.add(new JsonObject().put("variant_id", key).put("amount", off)));
    return new JsonObject()
        .put("promotion_id", promotionId.toString())
        .put("code", code)
        .put("name", name)
        .put("type", type)
        .put("amount", amount())
        .put("shipping_amount", shippingAmount)
        .put("lines", perLine);
  }
}
