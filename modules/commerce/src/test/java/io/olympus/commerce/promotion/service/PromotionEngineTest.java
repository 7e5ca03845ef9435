package io.olympus.commerce.promotion.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.commerce.order.pricing.Discounts;
import io.olympus.commerce.promotion.model.Candidate;
import io.olympus.commerce.promotion.model.Promotion;
import io.olympus.commerce.promotion.model.PromotionInput;
import io.olympus.commerce.promotion.model.Terms;
import io.olympus.common.event.Uuids;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The rules of {@link PromotionEngine}: amounts, rounding, spreading, caps, conditions and stacking. */
class PromotionEngineTest {

  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final UUID MUG = Uuids.v7();
  private static final UUID CUP = Uuids.v7();
  private static final UUID MUG_PRODUCT = Uuids.v7();
  private static final UUID KITCHEN = Uuids.v7();

  private static final PromotionEngine.Item MUGS = new PromotionEngine.Item(MUG.toString(), MUG, MUG_PRODUCT,
      Set.of(KITCHEN), 900, 2);
  private static final PromotionEngine.Item CUPS = new PromotionEngine.Item(CUP.toString(), CUP, Uuids.v7(), Set.of(),
      333, 3);

  private static Candidate automatic(JsonObject terms) {
    return new Candidate(promotion(terms, 0), null, null, null, 0);
  }

  private static Candidate coded(JsonObject terms, String code) {
    return new Candidate(promotion(terms, 0), Uuids.v7(), code, null, 0);
  }

  private static Promotion promotion(JsonObject json, int uses) {
    Terms terms = PromotionInput.readCreate(json).terms();
    return new Promotion(Uuids.v7(), terms, uses, 0, 1, NOW, NOW);
  }

  private static JsonObject percent(double value) {
    return new JsonObject().put("name", "P" + value).put("type", "percentage").put("percent_off", value);
  }

  private static PromotionEngine.Context context() {
    return new PromotionEngine.Context("EUR", NOW, null, null, false, Map.of(), false, Set.of());
  }

  private static Discounts apply(List<Candidate> candidates) {
    return PromotionEngine.apply(candidates, List.of(MUGS, CUPS), context());
  }

  @Test
  void shouldSpreadAnOrderPercentageOverTheLinesSummingExactly() {
    // 15 % of 2,799 = 419.85 → 420, spread 1,800 : 999 → 270.1 and 149.9: floors 270 and 149, the unit left to the cup
    Discounts found = apply(List.of(automatic(percent(15))));

    Map<String, Long> byLine = found.byLine();
    assertThat(byLine.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(420);
    assertThat(byLine).containsEntry(MUG.toString(), 270L).containsEntry(CUP.toString(), 150L);
  }

  @Test
  void shouldRoundPercentagesHalfEven() {
    assertThat(PromotionEngine.percentOf(250, 100)).isEqualTo(2);   // 2.5 → 2
    assertThat(PromotionEngine.percentOf(350, 100)).isEqualTo(4);   // 3.5 → 4
    assertThat(PromotionEngine.percentOf(999, 1250)).isEqualTo(125); // 124.875 → 125
    assertThat(PromotionEngine.spread(10, new LinkedHashMap<>(Map.of("a", 1L)))).containsEntry("a", 1L);
    Map<String, Long> thirds = new LinkedHashMap<>();
    thirds.put("a", 100L);
    thirds.put("b", 100L);
    thirds.put("c", 100L);
    assertThat(PromotionEngine.spread(100, thirds)).containsExactly(Map.entry("a", 34L), Map.entry("b", 33L),
        Map.entry("c", 33L));
  }

  @Test
  void shouldTakeAFixedAmountOffEachUnitOfTargetedLinesOnly() {
    JsonObject terms = new JsonObject().put("name", "Cups").put("type", "fixed_amount").put("target", "lines")
        .put("amounts_off", new JsonArray().add(new JsonObject().put("amount", 50).put("currency", "EUR")))
        .put("applies_to", new JsonObject().put("variant_ids", new JsonArray().add(CUP.toString())));

    Discounts found = apply(List.of(automatic(terms)));

    assertThat(found.byLine()).containsExactly(Map.entry(CUP.toString(), 150L));
  }

  @Test
  void shouldMatchLinesByProductAndCategory() {
    JsonObject byCategory = percent(10).put("target", "lines")
        .put("applies_to", new JsonObject().put("category_ids", new JsonArray().add(KITCHEN.toString())));
    JsonObject byProduct = percent(20).put("target", "lines")
        .put("applies_to", new JsonObject().put("product_ids", new JsonArray().add(MUG_PRODUCT.toString())));

    assertThat(apply(List.of(automatic(byCategory))).byLine()).containsExactly(Map.entry(MUG.toString(), 180L));
    assertThat(apply(List.of(automatic(byProduct))).byLine()).containsExactly(Map.entry(MUG.toString(), 360L));
  }

  @Test
  void shouldDiscountTheCheapestUnitsOfBuyXGetY() {
    // 5 units: buy 2 get 1 → one free unit, the cheapest (a cup, 333)
    JsonObject terms = new JsonObject().put("name", "3 for 2").put("type", "buy_x_get_y").put("buy_quantity", 2)
        .put("get_quantity", 1);
    assertThat(apply(List.of(automatic(terms))).byLine()).containsExactly(Map.entry(CUP.toString(), 333L));
    // buy 1 get 1 half price: two units at 50 %: the cheapest two are cups
    JsonObject half = terms.copy().put("buy_quantity", 1).put("get_percent_off", 50);
    assertThat(apply(List.of(automatic(half))).byLine()).containsExactly(Map.entry(CUP.toString(), 333L));
  }

  @Test
  void shouldCapTheDiscountPerCurrency() {
    JsonObject terms = percent(50).put("max_discounts", new JsonArray()
        .add(new JsonObject().put("amount", 500).put("currency", "EUR")));
    Discounts found = apply(List.of(automatic(terms)));
    assertThat(found.byLine().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(500);
  }

  @Test
  void shouldApplyByPriorityWithExclusiveOnesAlone() {
    Candidate first = automatic(percent(10).put("priority", 1));
    Candidate exclusive = coded(percent(30).put("priority", 2).put("stacking", "exclusive"), "BIG30");
    Candidate later = automatic(percent(5).put("priority", 3));

    Discounts found = apply(List.of(later, exclusive, first));

    assertThat(found.applied()).extracting(a -> a.name()).containsExactly("P10.0", "P5.0");
    assertThat(found.notes()).containsExactly(new Discounts.CodeNote("BIG30",
        "cannot be combined with the other discounts"));
    // each applies to what the earlier left: 10 % of 2,799 = 280, then 5 % of 2,519 = 126
    assertThat(found.applied().get(1).amount()).isEqualTo(126);

    Discounts alone = apply(List.of(automatic(percent(30).put("priority", 0).put("stacking", "exclusive")), later));
    assertThat(alone.applied()).hasSize(1);
  }

  @Test
  void shouldNameWhyACodeDoesNotApply() {
    PromotionEngine.Context ctx = context();
    List<PromotionEngine.Item> items = List.of(MUGS, CUPS);
    assertThat(note(coded(percent(5).put("minimum_subtotals", new JsonArray()
        .add(new JsonObject().put("amount", 5_000).put("currency", "EUR"))), "MIN"), items, ctx))
        .isEqualTo("needs a subtotal of at least 5000 EUR");
    assertThat(note(coded(percent(5).put("minimum_subtotals", new JsonArray()
        .add(new JsonObject().put("amount", 5).put("currency", "USD"))), "USD"), items, ctx))
        .isEqualTo("is not offered in EUR");
    assertThat(note(coded(percent(5).put("ends_at", "2026-01-01T00:00:00Z"), "OLD"), items, ctx)).isEqualTo("has ended");
    assertThat(note(coded(percent(5).put("starts_at", "2027-01-01T00:00:00Z"), "NEW"), items, ctx)).startsWith("starts at");
    assertThat(note(coded(percent(5).put("customer_groups", new JsonArray().add("vip")), "VIP"), items, ctx))
        .isEqualTo("is not for this customer");
    assertThat(note(coded(percent(5).put("first_order_only", true), "FIRST"), items, ctx))
        .isEqualTo("needs a signed-in customer");
    assertThat(note(coded(percent(5).put("active", false), "OFF"), items, ctx)).isEqualTo("is not active");
    Candidate usedUp = new Candidate(promotion(percent(5).put("usage_limit", 3), 3), Uuids.v7(), "GONE", null, 0);
    assertThat(note(usedUp, items, ctx)).isEqualTo("has been used up");
    // an order being placed keeps a used-up code: its redemption refuses it, naming the code
    PromotionEngine.Context placing = new PromotionEngine.Context("EUR", NOW, null, null, false, Map.of(), true, Set.of());
    assertThat(PromotionEngine.apply(List.of(usedUp), items, placing).applied()).hasSize(1);
    UUID customer = Uuids.v7();
    PromotionEngine.Context returning = new PromotionEngine.Context("EUR", NOW, customer, "vip", true, Map.of(), false,
        Set.of());
    assertThat(note(coded(percent(5).put("first_order_only", true), "FIRST"), items, returning))
        .isEqualTo("is for a first order only");
  }

  @Test
  void shouldFlagFreeShippingWithoutTouchingTheLines() {
    Discounts found = apply(List.of(automatic(new JsonObject().put("name", "Ship").put("type", "free_shipping"))));
    assertThat(found.freeShipping()).isTrue();
    assertThat(found.byLine()).isEmpty();
    assertThat(found.waivingShipping(495).applied().get(0).amount()).isEqualTo(495);
  }

  private static String note(Candidate candidate, List<PromotionEngine.Item> items, PromotionEngine.Context ctx) {
    Discounts found = PromotionEngine.apply(List.of(candidate), items, ctx);
    assertThat(found.applied()).isEmpty();
    return found.notes().get(0).reason();
  }
}
