package io.olympus.commerce.order.pricing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer of the discount step: the discounts applied, in the order they were applied, and a note for every code
 * the basket carries that did not apply (with the reason, for the shopper).
 */
public record Discounts(List<AppliedDiscount> applied, List<CodeNote> notes) {

  public static final Discounts NONE = new Discounts(List.of(), List.of());

  public Discounts {
    applied = List.copyOf(applied);
    notes = List.copyOf(notes);
  }

  /** A code that is on the basket but takes nothing off, and why. */
  public record CodeNote(String code, String reason) {

    public JsonObject toJson() {
      return new JsonObject().put("code", code).put("applied", false).put("reason", reason);
    }
  }

  /** The discount of each line key, summed over the applied discounts. */
  public Map<String, Long> byLine() {
    Map<String, Long> sum = new LinkedHashMap<>();
    for (AppliedDiscount discount : applied) {
      discount.lines().forEach((key, off) -> sum.merge(key, off, Math::addExact));
    }
    return sum;
  }

  /** Whether an applied discount waives the shipping charge. */
  public boolean freeShipping() {
    return applied.stream().anyMatch(AppliedDiscount::freeShipping);
  }

  /** These discounts with the shipping charge {@code waived} by the first free-shipping discount. */
  public Discounts waivingShipping(long waived) {
    List<AppliedDiscount> out = new java.util.ArrayList<>();
    boolean taken = false;
    for (AppliedDiscount discount : applied) {
      if (discount.freeShipping() && !taken) {
        out.add(discount.withShipping(waived));
        taken = true;
      } else {
        out.add(discount);
      }
    }
    return new Discounts(out, notes);
  }

  /** The applied discounts as JSON (see {@link AppliedDiscount#toJson}). */
  public JsonArray toJson() {
    return new JsonArray(applied.stream().map(AppliedDiscount::toJson).toList());
  }

  /** The codes on the basket: each applied one, then each that did not apply with its reason. */
  public JsonArray codesJson() {
    JsonArray codes = new JsonArray();
    applied.stream().filter(a -> a.code() != null)
        .forEach(a -> codes.add(new JsonObject().put("code", a.code()).put("applied", true)));
    notes.forEach(n -> codes.add(n.toJson()));
    return codes;
  }
}
