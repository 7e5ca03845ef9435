package io.olympus.commerce.promotion.service;

import io.olympus.commerce.order.pricing.AppliedDiscount;
import io.olympus.commerce.order.pricing.Discounts;
import io.olympus.commerce.promotion.model.Candidate;
import io.olympus.commerce.promotion.model.Promotion;
import io.olympus.commerce.promotion.model.Terms;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Which promotions apply to a basket and what each takes off (pure). The rules, in order:
 * <ol>
 *   <li><b>Conditions</b>: switched on and inside its window; usage left (total, code, customer: on a cart only — an
 *   order being placed is refused at redemption instead, naming the code); a minimum subtotal for the basket's currency
 *   (a promotion whose minimums or amounts name other currencies only does not apply); the customer's group; first
 *   order only and per-customer limits need a known customer.</li>
 *   <li><b>Priority</b>: the eligible promotions are taken by {@code priority} (lower first), then by id (older
 *   first). An <b>exclusive</b> promotion applies only if nothing applied before it, and then nothing applies after
 *   it; <b>combinable</b> ones apply one after the other, each on what the earlier ones left of every line (so
 *   discounts never exceed a line's subtotal).</li>
 *   <li><b>Amounts</b> (integer minor units, half-even): percentage of the order = {@code left × percent}, spread over
 *   the lines in proportion to what is left of each; percentage of lines = per matching line
 *   {@code left × percent}; fixed amount of the order = {@code min(amount, left)} spread likewise; fixed amount of
 *   lines = per matching line {@code min(amount × quantity, left)}; buy X get Y = of every {@code X + Y} matching
 *   units, the {@code Y} cheapest are {@code get_percent_off} off (100 % by default); free shipping waives the shipping
 *   charge. A cap ({@code max_discounts} for the currency) lowers the promotion's goods discount to the cap, spread in
 *   proportion to what it took per line.</li>
 *   <li><b>Spreading</b>: each line gets the floor of its exact share, and the minor units left go one each to the lines
 *   with the largest remainders (earlier line first on a tie), so the shares sum to the amount exactly.</li>
 * </ol>
 */
public final class PromotionEngine {

  private PromotionEngine() {}

  /** A priced line as promotions see it: its product and categories (the category subtrees it lies in). */
  public record Item(String key, UUID variantId, UUID productId, Set<UUID> categories, long unitAmount, int quantity) {

    long subtotal() {
      return Math.multiplyExact(unitAmount, (long) quantity);
    }
  }

  /**
   * Who buys and when: the currency, the moment, the customer (null: anonymous) and their group, whether they have
   * an earlier order, their uses of each promotion, whether an order is being priced (the usage limits of its codes
   * are then enforced at redemption, not here) and the promotions that order redeemed already (whose uses it holds).
   */
  public record Context(String currency, Instant now, UUID customerId, String customerGroup, boolean hasEarlierOrders,
                        Map<UUID, Integer> customerUses, boolean forOrder, Set<UUID> redeemed) {}

  public static Discounts apply(List<Candidate> candidates, List<Item> items, Context ctx) {
    long subtotal = 0;
    Map<String, Long> left = new LinkedHashMap<>();
    for (Item item : items) {
      subtotal = Math.addExact(subtotal, item.subtotal());
      left.merge(item.key(), item.subtotal(), Math::addExact);
    }
    List<Candidate> ordered = new ArrayList<>(candidates);
    ordered.sort(Comparator.comparingInt((Candidate c) -> c.promotion().terms().priority())
        .thenComparing(c -> c.promotion().id())
        .thenComparing(c -> c.code() == null ? "" : c.code()));
    List<AppliedDiscount> applied = new ArrayList<>();
    List<Discounts.CodeNote> notes = new ArrayList<>();
    Set<UUID> seen = new HashSet<>();
    String exclusiveName = null;
    for (Candidate candidate : ordered) {
      Terms terms = candidate.promotion().terms();
      String refusal = refusal(candidate, subtotal, ctx);
      if (refusal == null && !seen.add(candidate.promotion().id())) {
        refusal = "is of a promotion applied already";
      }
      if (refusal == null && exclusiveName != null) {
        refusal = "cannot be combined with " + exclusiveName;
      }
      if (refusal == null && terms.exclusive() && !applied.isEmpty()) {
        refusal = "cannot be combined with the other discounts";
      }
      Map<String, Long> off = refusal == null ? amounts(terms, items, left, ctx.currency()) : Map.of();
      if (refusal == null && sum(off) == 0 && !Terms.FREE_SHIPPING.equals(terms.type())) {
        refusal = "takes nothing off these items";
      }
      if (refusal != null) {
        if (candidate.code() != null) {
          notes.add(new Discounts.CodeNote(candidate.code(), refusal));
        }
        continue;
      }
      off.forEach((key, amount) -> left.merge(key, -amount, Math::addExact));
      applied.add(new AppliedDiscount(candidate.promotion().id(), candidate.codeId(), candidate.code(), terms.name(),
          terms.type(), off, Terms.FREE_SHIPPING.equals(terms.type()), 0));
      if (terms.exclusive()) {
        exclusiveName = terms.name();
      }
    }
    return new Discounts(applied, notes);
  }

  /** Why the candidate does not apply, or null when its conditions hold. */
  static String refusal(Candidate candidate, long subtotal, Context ctx) {
    Promotion promotion = candidate.promotion();
    Terms terms = promotion.terms();
    if (!terms.active()) {
      return "is not active";
    }
    if (terms.startsAt() != null && ctx.now().isBefore(terms.startsAt())) {
      return "starts at " + terms.startsAt();
    }
    if (terms.endsAt() != null && !ctx.now().isBefore(terms.endsAt())) {
      return "has ended";
    }
    boolean checkUsage = !(ctx.forOrder() && candidate.code() != null) && !ctx.redeemed().contains(promotion.id());
    if (checkUsage && terms.usageLimit() != null && promotion.usageCount() >= terms.usageLimit()) {
      return "has been used up";
    }
    if (checkUsage && candidate.codeLimit() != null && candidate.codeUses() >= candidate.codeLimit()) {
      return "has been used up";
    }
    if (Terms.FIXED_AMOUNT.equals(terms.type()) && !terms.amountsOff().containsKey(ctx.currency())) {
      return "is not offered in " + ctx.currency();
    }
    if (!terms.minimumSubtotals().isEmpty()) {
      Long minimum = terms.minimumSubtotals().get(ctx.currency());
      if (minimum == null) {
        return "is not offered in " + ctx.currency();
      }
      if (subtotal < minimum) {
        return "needs a subtotal of at least " + minimum + " " + ctx.currency();
      }
    }
    if (!terms.customerGroups().isEmpty() && (ctx.customerGroup() == null
        || !terms.customerGroups().contains(ctx.customerGroup()))) {
      return "is not for this customer";
    }
    if ((terms.firstOrderOnly() || terms.usageLimitPerCustomer() != null) && ctx.customerId() == null) {
      return "needs a signed-in customer";
    }
    if (terms.firstOrderOnly() && ctx.hasEarlierOrders()) {
      return "is for a first order only";
    }
    if (checkUsage && terms.usageLimitPerCustomer() != null
        && ctx.customerUses().getOrDefault(promotion.id(), 0) >= terms.usageLimitPerCustomer()) {
      return "has been used " + terms.usageLimitPerCustomer() + " times by this customer";
    }
    return null;
  }

  /** What the promotion takes off each line, from what is {@code left} of it (capped). */
  static Map<String, Long> amounts(Terms terms, List<Item> items, Map<String, Long> left, String currency) {
    Map<String, Long> off = new LinkedHashMap<>();
    switch (terms.type()) {
      case Terms.PERCENTAGE -> {
        if (Terms.ORDER.equals(terms.target())) {
          off = spread(percentOf(sum(left), terms.percentOffBp()), left);
        } else {
          for (Item item : matching(terms, items)) {
            off.merge(item.key(), percentOf(left.get(item.key()), terms.percentOffBp()), Math::addExact);
          }
        }
      }
      case Terms.FIXED_AMOUNT -> {
        long amount = terms.amountsOff().get(currency);
        if (Terms.ORDER.equals(terms.target())) {
          off = spread(Math.min(amount, sum(left)), left);
        } else {
          for (Item item : matching(terms, items)) {
            long wanted = multiplyCapped(amount, item.quantity());
            off.merge(item.key(), Math.min(wanted, left.get(item.key())), Math::addExact);
          }
        }
      }
      case Terms.BUY_X_GET_Y -> off = buyXGetY(terms, items, left);
      default -> { }
    }
    off.replaceAll((key, amount) -> Math.max(0, Math.min(amount, left.getOrDefault(key, 0L))));
    Long cap = terms.maxDiscounts().get(currency);
    if (cap != null && sum(off) > cap) {
      off = spread(cap, off);
    }
    off.values().removeIf(amount -> amount == 0);
    return off;
  }

  private static Map<String, Long> buyXGetY(Terms terms, List<Item> items, Map<String, Long> left) {
    List<Item> matching = new ArrayList<>(matching(terms, items));
    long units = matching.stream().mapToLong(Item::quantity).sum();
    long free = units / (terms.buyQuantity() + terms.getQuantity()) * terms.getQuantity();
    matching.sort(Comparator.comparingLong(Item::unitAmount));
    Map<String, Long> off = new LinkedHashMap<>();
    for (Item item : matching) {
      if (free == 0) {
        break;
      }
      long taken = Math.min(free, item.quantity());
      free -= taken;
      long value = percentOf(Math.multiplyExact(item.unitAmount(), taken), terms.getPercentOffBp());
      off.merge(item.key(), Math.min(value, left.get(item.key())), Math::addExact);
    }
    return off;
  }

  private static List<Item> matching(Terms terms, List<Item> items) {
    if (!terms.targetsItems()) {
      return items;
    }
    return items.stream().filter(item -> terms.variantIds().contains(item.variantId())
        || terms.productIds().contains(item.productId())
        || item.categories().stream().anyMatch(terms.categoryIds()::contains)).toList();
  }

  /** {@code amount × bp / 10,000}, rounded half-even to the minor unit. */
  static long percentOf(long amount, int bp) {
    return BigDecimal.valueOf(amount).multiply(BigDecimal.valueOf(bp))
        .divide(BigDecimal.valueOf(10_000), 0, RoundingMode.HALF_EVEN).longValueExact();
  }

  /**
   * {@code amount} (at most the weights' sum) split over the keys in proportion to their weights: floors of the exact
   * shares, then one minor unit each to the largest remainders (earlier key first on a tie). Sums to {@code amount}.
   */
  static Map<String, Long> spread(long amount, Map<String, Long> weights) {
    Map<String, Long> out = new LinkedHashMap<>();
    long total = sum(weights);
    if (amount <= 0 || total <= 0) {
      weights.keySet().forEach(key -> out.put(key, 0L));
      return out;
    }
    long share = Math.min(amount, total);
    BigInteger whole = BigInteger.valueOf(total);
    List<String> keys = new ArrayList<>(weights.keySet());
    long[] remainders = new long[keys.size()];
    long given = 0;
    for (int i = 0; i < keys.size(); i++) {
      BigInteger[] parts = BigInteger.valueOf(share).multiply(BigInteger.valueOf(Math.max(0, weights.get(keys.get(i)))))
          .divideAndRemainder(whole);
      out.put(keys.get(i), parts[0].longValueExact());
      remainders[i] = parts[1].longValueExact();
      given += parts[0].longValueExact();
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingLong((Integer i) -> -remainders[i]).thenComparingInt(i -> i));
    for (int i = 0; given < share && i < order.size(); i++) {
      out.merge(keys.get(order.get(i)), 1L, Long::sum);
      given++;
    }
    return out;
  }

  private static long multiplyCapped(long amount, int quantity) {
    try {
      return Math.multiplyExact(amount, (long) quantity);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private static long sum(Map<String, Long> amounts) {
    long sum = 0;
    for (long amount : amounts.values()) {
      sum = Math.addExact(sum, amount);
    }
    return sum;
  }
}
