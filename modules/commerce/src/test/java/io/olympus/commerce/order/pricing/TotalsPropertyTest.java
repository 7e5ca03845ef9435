package io.olympus.commerce.order.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.commerce.promotion.model.Candidate;
import io.olympus.commerce.promotion.model.Promotion;
import io.olympus.commerce.promotion.model.Terms;
import io.olympus.commerce.promotion.service.PromotionEngine;
import io.olympus.commerce.support.PostalAddress;
import io.olympus.commerce.tax.model.TaxRate;
import io.olympus.commerce.tax.model.TaxRegion;
import io.olympus.commerce.tax.model.TaxRequest;
import io.olympus.commerce.tax.model.TaxResult;
import io.olympus.commerce.tax.service.TableTaxCalculator;
import io.olympus.commerce.tax.service.TaxMath;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Property test of the totals pipeline's arithmetic: 5,000 seeded random baskets (lines, tiers of prices, discounts,
 * tax-included and -excluded lines, exempt customers, shipping, several regions and rates) must each satisfy the
 * documented invariants exactly, and 3,000 more with the discounts of random promotions. The seeds are fixed, so a
 * failure reproduces.
 */
class TotalsPropertyTest {

  private static final long SEED = 20261207L;
  private static final List<String> CATEGORIES = List.of("standard", "reduced", "zero", "unlisted");

  @Test
  void shouldMakeEveryTotalTheSumOfItsLinesInRandomBaskets() {
    Random random = new Random(SEED);
    for (int basket = 0; basket < 5_000; basket++) {
      List<TaxRegion> regions = regions(random);
      PostalAddress address = new PostalAddress(null, null, null, "1 Street", null, "Town",
          random.nextBoolean() ? "BY" : null, String.valueOf(10_000 + random.nextInt(90_000)), "DE", null);
      int lineCount = 1 + random.nextInt(12);
      List<PricedLine> lines = new ArrayList<>();
      Map<String, Long> discounts = new HashMap<>();
      for (int i = 0; i < lineCount; i++) {
        long unit = random.nextInt(4) == 0 ? random.nextInt(100) : random.nextInt(2_000_000);
        int quantity = 1 + random.nextInt(random.nextBoolean() ? 3 : 1_000);
        String key = "line-" + i;
        lines.add(new PricedLine(key, UUID.randomUUID(), unit, quantity, CATEGORIES.get(random.nextInt(CATEGORIES.size())),
            random.nextBoolean(), random.nextInt(5_000)));
        if (random.nextInt(3) == 0) {
          discounts.put(key, (long) random.nextInt(3_000_000));
        }
      }
      ShippingCharge shipping = random.nextBoolean() ? null
          : new ShippingCharge(UUID.randomUUID(), "Standard", random.nextInt(5_000), random.nextBoolean());
      boolean exempt = random.nextInt(5) == 0;
      List<TaxRequest.Taxable> taxables = new ArrayList<>();
      for (PricedLine line : lines) {
        long subtotal = line.unitAmount() * line.quantity();
        long taxable = subtotal - Math.min(subtotal, discounts.getOrDefault(line.key(), 0L));
        taxables.add(new TaxRequest.Taxable(line.key(), line.taxCategory(), taxable, line.taxIncluded()));
      }
      TaxRequest request = new TaxRequest("EUR", address, taxables, shipping == null ? null
          : new TaxRequest.Taxable("shipping", ShippingCharge.TAX_CATEGORY, shipping.amount(), shipping.taxIncluded()));
      TaxResult tax = TableTaxCalculator.apply(regions, request);

      Totals totals = Totals.assemble("EUR", lines, discounts, shipping, tax, exempt);

      long subtotal = 0;
      long discount = 0;
      long taxSum = 0;
      long total = 0;
      for (Totals.LineTotals line : totals.lines()) {
        assertThat(line.subtotal()).isEqualTo(line.unitAmount() * line.quantity());
        assertThat(line.discount()).isBetween(0L, line.subtotal());
        long net = line.subtotal() - line.discount();
        if (exempt) {
          assertThat(line.tax()).isZero();
        }
        long expectedTotal = line.taxIncluded()
            ? (exempt ? net - tax.line(line.key()).amount() : net)
            : net + line.tax();
        assertThat(line.total()).as("basket %d line %s", basketNo(basket), line.key()).isEqualTo(expectedTotal);
        assertThat(line.taxLines().components().stream().mapToLong(TaxResult.Component::amount).sum())
            .isEqualTo(line.tax());
        subtotal += line.subtotal();
        discount += line.discount();
        taxSum += line.tax();
        total += line.total();
      }
      if (totals.shipping() != null) {
        taxSum += totals.shipping().tax();
        total += totals.shipping().total();
        assertThat(totals.shippingAmount()).isEqualTo(shipping.amount());
      } else {
        assertThat(totals.shippingAmount()).isZero();
      }
      assertThat(totals.subtotal()).isEqualTo(subtotal);
      assertThat(totals.discount()).isEqualTo(discount);
      assertThat(totals.tax()).isEqualTo(taxSum);
      assertThat(totals.total()).as("basket %d", basketNo(basket)).isEqualTo(total);
    }
  }

  /**
   * The same invariants with the discounts of random promotions (every type, order and line targets, caps, minimums,
   * priorities, exclusive and combinable, free shipping) through {@link PromotionEngine}: each line's discount is the
   * sum of what every applied promotion took off it, never above its subtotal; a cap is never exceeded; an exclusive
   * promotion is applied alone; totals are the sums of their lines.
   */
  @Test
  void shouldKeepEveryTotalTheSumOfItsLinesWithRandomPromotions() {
    Random random = new Random(SEED + 1);
    for (int basket = 0; basket < 3_000; basket++) {
      List<TaxRegion> regions = regions(random);
      PostalAddress address = new PostalAddress(null, null, null, "1 Street", null, "Town", null, "10115", "DE", null);
      int lineCount = 1 + random.nextInt(8);
      List<PricedLine> lines = new ArrayList<>();
      List<PromotionEngine.Item> items = new ArrayList<>();
      List<UUID> variants = new ArrayList<>();
      for (int i = 0; i < lineCount; i++) {
        long unit = random.nextInt(4) == 0 ? random.nextInt(100) : random.nextInt(200_000);
        int quantity = 1 + random.nextInt(random.nextBoolean() ? 3 : 50);
        UUID variant = UUID.randomUUID();
        variants.add(variant);
        lines.add(new PricedLine(variant.toString(), variant, unit, quantity,
            CATEGORIES.get(random.nextInt(CATEGORIES.size())), random.nextBoolean(), random.nextInt(5_000)));
        items.add(new PromotionEngine.Item(variant.toString(), variant, UUID.randomUUID(), Set.of(), unit, quantity));
      }
      List<Candidate> candidates = new ArrayList<>();
      int promotions = random.nextInt(5);
      for (int p = 0; p < promotions; p++) {
        candidates.add(new Candidate(randomPromotion(random, variants), null, null, null, 0));
      }
      PromotionEngine.Context ctx = new PromotionEngine.Context("EUR", Instant.now(), null, null, false, Map.of(), false,
          Set.of());
      Discounts found = PromotionEngine.apply(candidates, items, ctx);
      ShippingCharge shipping = random.nextBoolean() ? null
          : new ShippingCharge(UUID.randomUUID(), "Standard", random.nextInt(5_000), random.nextBoolean());
      if (shipping != null && found.freeShipping()) {
        found = found.waivingShipping(shipping.amount());
        shipping = new ShippingCharge(shipping.methodId(), shipping.name(), 0, shipping.taxIncluded());
      }
      boolean exempt = random.nextInt(5) == 0;
      Map<String, Long> discounts = found.byLine();
      List<TaxRequest.Taxable> taxables = new ArrayList<>();
      for (PricedLine line : lines) {
        long subtotal = line.unitAmount() * line.quantity();
        taxables.add(new TaxRequest.Taxable(line.key(), line.taxCategory(),
            subtotal - discounts.getOrDefault(line.key(), 0L), line.taxIncluded()));
      }
      TaxResult tax = TableTaxCalculator.apply(regions, new TaxRequest("EUR", address, taxables, shipping == null ? null
          : new TaxRequest.Taxable("shipping", ShippingCharge.TAX_CATEGORY, shipping.amount(), shipping.taxIncluded())));

      Totals totals = Totals.assemble("EUR", lines, found, shipping, tax, exempt);

      long total = 0;
      long discount = 0;
      for (Totals.LineTotals line : totals.lines()) {
        long fromPromotions = 0;
        for (AppliedDiscount applied : found.applied()) {
          long off = applied.lines().getOrDefault(line.key(), 0L);
          assertThat(off).isNotNegative();
          fromPromotions += off;
        }
        assertThat(line.discount()).as("basket %d line %s", basket, line.key()).isEqualTo(fromPromotions);
        assertThat(line.discount()).isBetween(0L, line.subtotal());
        total += line.total();
        discount += line.discount();
      }
      for (AppliedDiscount applied : found.applied()) {
        Terms terms = candidates.stream().filter(c -> c.promotion().id().equals(applied.promotionId())).findFirst()
            .orElseThrow().promotion().terms();
        Long cap = terms.maxDiscounts().get("EUR");
        if (cap != null) {
          assertThat(applied.amount() - applied.shippingAmount()).isLessThanOrEqualTo(cap);
        }
        if (terms.exclusive()) {
          assertThat(found.applied()).as("basket %d", basket).hasSize(1);
        }
      }
      if (totals.shipping() != null) {
        total += totals.shipping().total();
      }
      assertThat(totals.discount()).isEqualTo(discount);
      assertThat(totals.total()).as("basket %d", basket).isEqualTo(total);
    }
  }

  private static Promotion randomPromotion(Random random, List<UUID> variants) {
    String type = List.of(Terms.PERCENTAGE, Terms.FIXED_AMOUNT, Terms.BUY_X_GET_Y, Terms.FREE_SHIPPING)
        .get(random.nextInt(4));
    boolean lines = type.equals(Terms.BUY_X_GET_Y) || (!type.equals(Terms.FREE_SHIPPING) && random.nextBoolean());
    List<UUID> targeted = lines && random.nextBoolean()
        ? variants.stream().filter(v -> random.nextBoolean()).toList() : List.of();
    Terms terms = new Terms("P", null, type, lines ? Terms.LINES : Terms.ORDER,
        type.equals(Terms.PERCENTAGE) ? 1 + random.nextInt(10_000) : null,
        type.equals(Terms.FIXED_AMOUNT) ? Map.of("EUR", (long) random.nextInt(500_000)) : Map.of(),
        List.of(), targeted, List.of(),
        type.equals(Terms.BUY_X_GET_Y) ? 1 + random.nextInt(4) : null,
        type.equals(Terms.BUY_X_GET_Y) ? 1 + random.nextInt(3) : null,
        type.equals(Terms.BUY_X_GET_Y) ? 1 + random.nextInt(10_000) : null,
        null, null, random.nextInt(4) == 0 ? Map.of("EUR", (long) random.nextInt(1_000_000)) : Map.of(), List.of(),
        false, random.nextInt(3) == 0 ? Terms.EXCLUSIVE : Terms.COMBINABLE, random.nextInt(5),
        random.nextInt(3) == 0 ? Map.of("EUR", (long) random.nextInt(50_000)) : Map.of(), true, true, null, null);
    return new Promotion(UUID.randomUUID(), terms, 0, 0, 1, Instant.now(), Instant.now());
  }

  @Test
  void shouldRoundTaxPerLineHalfEven() {
    Random random = new Random(SEED);
    for (int i = 0; i < 20_000; i++) {
      long amount = random.nextInt(10_000_000);
      int ppm = random.nextInt(300_001);
      BigDecimal exact = BigDecimal.valueOf(amount).multiply(BigDecimal.valueOf(ppm)).divide(BigDecimal.valueOf(1_000_000));
      assertThat(TaxMath.exclusive(amount, ppm)).isEqualTo(exact.setScale(0, RoundingMode.HALF_EVEN).longValueExact());
      long included = TaxMath.included(amount, ppm);
      BigDecimal exactIncluded = BigDecimal.valueOf(amount).multiply(BigDecimal.valueOf(ppm))
          .divide(BigDecimal.valueOf(1_000_000L + ppm), 0, RoundingMode.HALF_EVEN);
      assertThat(included).isEqualTo(exactIncluded.longValueExact());
    }
    assertThat(TaxMath.exclusive(250, 10_000)).isEqualTo(2);   // 2.5 → 2
    assertThat(TaxMath.exclusive(350, 10_000)).isEqualTo(4);   // 3.5 → 4
    assertThat(TaxMath.exclusive(1999, 190_000)).isEqualTo(380);
    assertThat(TaxMath.included(2379, 190_000)).isEqualTo(380);
  }

  @Test
  void shouldTakeTheMostSpecificRegionThatHasTheCategory() {
    TaxRegion country = new TaxRegion(UUID.randomUUID(), "DE", "DE", null, null,
        List.of(new TaxRate("standard", "VAT", 190_000), new TaxRate("reduced", "VAT", 70_000)));
    TaxRegion bavaria = new TaxRegion(UUID.randomUUID(), "BY", "DE", "BY", null,
        List.of(new TaxRate("standard", "BY tax", 200_000)));
    TaxRegion munich = new TaxRegion(UUID.randomUUID(), "Munich", "DE", null, "80",
        List.of(new TaxRate("standard", "Munich tax", 210_000)));
    PostalAddress inMunich = new PostalAddress(null, null, null, "1", null, "Munich", "BY", "80331", "DE", null);
    PostalAddress inNuremberg = new PostalAddress(null, null, null, "1", null, "Nuremberg", "BY", "90402", "DE", null);
    PostalAddress inBerlin = new PostalAddress(null, null, null, "1", null, "Berlin", "BE", "10115", "DE", null);
    List<TaxRequest.Taxable> lines = List.of(new TaxRequest.Taxable("a", "standard", 10_000, false),
        new TaxRequest.Taxable("b", "reduced", 10_000, false), new TaxRequest.Taxable("c", "books", 10_000, false));

    TaxResult munichTax = TableTaxCalculator.apply(List.of(country, bavaria, munich), new TaxRequest("EUR", inMunich, lines, null));
    TaxResult nurembergTax = TableTaxCalculator.apply(List.of(country, bavaria, munich), new TaxRequest("EUR", inNuremberg, lines, null));
    TaxResult berlinTax = TableTaxCalculator.apply(List.of(country, bavaria, munich), new TaxRequest("EUR", inBerlin, lines, null));

    assertThat(munichTax.line("a").amount()).isEqualTo(2_100);
    assertThat(munichTax.line("b").amount()).isEqualTo(700);
    assertThat(munichTax.line("c").amount()).isZero();
    assertThat(nurembergTax.line("a").amount()).isEqualTo(2_000);
    assertThat(berlinTax.line("a").amount()).isEqualTo(1_900);
  }

  private static int basketNo(int basket) {
    return basket;
  }

  private static List<TaxRegion> regions(Random random) {
    List<TaxRegion> regions = new ArrayList<>();
    regions.add(new TaxRegion(UUID.randomUUID(), "DE", "DE", null, null, List.of(
        new TaxRate("standard", "VAT", random.nextInt(300_001)),
        new TaxRate("reduced", "VAT", random.nextInt(100_001)),
        new TaxRate("zero", "VAT", 0),
        new TaxRate("shipping", "VAT", random.nextInt(300_001)))));
    if (random.nextBoolean()) {
      regions.add(new TaxRegion(UUID.randomUUID(), "BY", "DE", "BY", null,
          List.of(new TaxRate("standard", "Local", random.nextInt(300_001)))));
    }
    if (random.nextBoolean()) {
      regions.add(new TaxRegion(UUID.randomUUID(), "Prefix", "DE", null, String.valueOf(1 + random.nextInt(9)),
          List.of(new TaxRate("reduced", "Local", random.nextInt(300_001)))));
    }
    return regions;
  }
}
