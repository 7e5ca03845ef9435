package io.olympus.commerce.promotion.service;

import io.olympus.commerce.event.CommerceEvents;
import io.olympus.commerce.event.EventSink;
import io.olympus.commerce.order.pricing.AppliedDiscount;
import io.olympus.commerce.order.pricing.DiscountPolicy;
import io.olympus.commerce.order.pricing.Discounts;
import io.olympus.commerce.order.pricing.PricedLine;
import io.olympus.commerce.promotion.model.Candidate;
import io.olympus.commerce.promotion.model.PromotionUnavailableException;
import io.olympus.commerce.promotion.repository.PromotionRepository;
import io.olympus.commerce.promotion.repository.PromotionRepository.BasketCode;
import io.olympus.commerce.promotion.repository.PromotionRepository.Limits;
import io.olympus.common.event.EventEnvelope;
import io.olympus.common.event.Uuids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Promotions as the discount step of the totals pipeline. Pricing reads the tenant's automatic promotions, the codes on
 * the cart (and those the order redeemed) and, when needed, the lines' products and categories and the customer's
 * history, then lets {@link PromotionEngine} decide. Redemption, in the transaction that places the order, counts every
 * use: a limited promotion or code gets one more use only while one is left (a conditional {@code UPDATE} whose row
 * lock orders concurrent checkouts), per-customer limits and first orders are checked under a per-customer lock, and a
 * redemption row and {@code promotion.redeemed} are written; anything over a limit fails the placement with
 * {@link PromotionUnavailableException} (409 naming the code), so a limit is never exceeded.
 */
public final class PromotionPolicy implements DiscountPolicy {

  private static final UUID NO_ORDER = new UUID(0, 0);

  private final PromotionRepository repository;

  public PromotionPolicy(PromotionRepository repository) {
    this.repository = repository;
  }

  @Override
  public Future<Discounts> discounts(SqlConnection conn, UUID tenantId, Basket basket) {
    return early(conn, tenantId, basket.cartId(), basket.orderId(), basket.placing()).apply(basket);
  }

  /** Reads the automatic promotions, the cart's codes and the order's redemptions now: none depends on the lines. */
  @Override
  public Function<Basket, Future<Discounts>> early(SqlConnection conn, UUID tenantId, UUID cartId, UUID orderId,
                                                   boolean placing) {
    Future<List<Candidate>> automatic = repository.automatic(conn, tenantId);
    // an order being placed has redeemed nothing yet: only a cart's codes (checkout) are read for it
    UUID redeemer = placing ? null : orderId;
    Future<List<BasketCode>> codes = cartId == null && redeemer == null
        ? Future.succeededFuture(List.of()) : repository.basketCodes(conn, tenantId, cartId, redeemer);
    Future<Set<UUID>> redeemed = redeemer == null ? Future.succeededFuture(Set.of())
        : repository.redeemedBy(conn, tenantId, redeemer);
    Future<?> loaded = Future.all(automatic, codes, redeemed);
    return basket -> loaded.compose(all -> decide(conn, tenantId, basket, automatic.result(), codes.result(),
        redeemed.result()));
  }

  private Future<Discounts> decide(SqlConnection conn, UUID tenantId, Basket basket, List<Candidate> automatic,
                                   List<BasketCode> codes, Set<UUID> redeemed) {
    List<Candidate> candidates = new ArrayList<>(automatic);
    List<Discounts.CodeNote> notes = new ArrayList<>();
    for (BasketCode code : codes) {
      if (code.deleted()) {
        notes.add(new Discounts.CodeNote(code.candidate().code(), "is no longer valid"));
      } else {
        candidates.add(code.candidate());
      }
    }
    if (candidates.isEmpty() || basket.lines().isEmpty()) {
      candidates.stream().filter(c -> c.code() != null)
          .forEach(c -> notes.add(new Discounts.CodeNote(c.code(), "takes nothing off an empty basket")));
      return Future.succeededFuture(new Discounts(List.of(), notes));
    }
    boolean needItems = candidates.stream().anyMatch(c -> c.promotion().terms().targetsItems());
    boolean needHistory = basket.customerId() != null && candidates.stream().anyMatch(c ->
        c.promotion().terms().firstOrderOnly() || c.promotion().terms().usageLimitPerCustomer() != null);
    Future<Map<UUID, Map.Entry<UUID, Set<UUID>>>> items = needItems
        ? repository.items(conn, tenantId, basket.lines().stream().map(PricedLine::variantId).distinct().toList())
        : Future.succeededFuture(Map.of());
    Future<Map<UUID, Integer>> uses = needHistory
        ? repository.customerUses(conn, tenantId, basket.customerId()) : Future.succeededFuture(Map.of());
    Future<Boolean> earlier = needHistory ? repository.earlierOrder(conn, tenantId, basket.customerId(),
        basket.orderId() == null ? NO_ORDER : basket.orderId()) : Future.succeededFuture(false);
    return Future.all(items, uses, earlier).map(all -> {
      List<PromotionEngine.Item> lines = basket.lines().stream().map(line -> {
        Map.Entry<UUID, Set<UUID>> info = items.result().get(line.variantId());
        return new PromotionEngine.Item(line.key(), line.variantId(), info == null ? null : info.getKey(),
            info == null ? Set.of() : info.getValue(), line.unitAmount(), line.quantity());
      }).toList();
      PromotionEngine.Context ctx = new PromotionEngine.Context(basket.currency(), Instant.now(), basket.customerId(),
          basket.customerGroup(), earlier.result(), uses.result(), basket.orderId() != null, redeemed);
      Discounts found = PromotionEngine.apply(candidates, lines, ctx);
      List<Discounts.CodeNote> allNotes = new ArrayList<>(notes);
      allNotes.addAll(found.notes());
      return new Discounts(found.applied(), allNotes);
    });
  }

  @Override
  public Future<Void> redeem(SqlConnection conn, UUID tenantId, Redemption redemption, EventSink events) {
    List<AppliedDiscount> applied = new ArrayList<>(redemption.discounts().applied());
    applied.sort(Comparator.comparing(AppliedDiscount::promotionId));
    List<UUID> codeIds = applied.stream().map(AppliedDiscount::codeId).filter(java.util.Objects::nonNull).toList();
    Future<Map<UUID, Limits>> limits = repository.limits(conn, tenantId,
        applied.stream().map(AppliedDiscount::promotionId).toList());
    Future<Map<UUID, Integer>> codeLimits = codeIds.isEmpty() ? Future.succeededFuture(Map.of())
        : repository.codeLimits(conn, tenantId, codeIds);
    return Future.all(limits, codeLimits).compose(loaded -> {
      UUID customer = redemption.customerId();
      boolean perCustomer = limits.result().values().stream()
          .anyMatch(l -> l.perCustomer() != null || l.firstOrderOnly());
      Future<Void> chain = perCustomer && customer != null ? repository.lockCustomer(conn, tenantId, customer)
          : Future.succeededFuture();
      for (AppliedDiscount discount : applied) {
        Limits limit = limits.result().getOrDefault(discount.promotionId(), new Limits(null, null, false));
        Integer codeLimit = discount.codeId() == null ? null : codeLimits.result().get(discount.codeId());
        chain = chain
            .compose(v -> limit.usageLimit() == null ? Future.<Void>succeededFuture()
                : repository.takeUse(conn, tenantId, discount.promotionId())
                    .compose(ok -> ok ? Future.<Void>succeededFuture()
                        : Future.failedFuture(unavailable(discount, "has reached its usage limit"))))
            .compose(v -> codeLimit == null ? Future.<Void>succeededFuture()
                : repository.takeCodeUse(conn, tenantId, discount.codeId())
                    .compose(ok -> ok ? Future.<Void>succeededFuture()
                        : Future.failedFuture(unavailable(discount, "has been used up"))))
            .compose(v -> checkCustomer(conn, tenantId, discount, limit, redemption))
            .compose(v -> repository.insertRedemption(conn, tenantId, Uuids.v7(), discount.promotionId(),
                discount.codeId(), discount.code(), redemption.orderId(), customer, redemption.currency(),
                discount.amount()))
            .compose(v -> events.write(conn, EventEnvelope.of(CommerceEvents.PROMOTION_REDEEMED, tenantId, "promotion",
                discount.promotionId().toString(), null, new JsonObject()
                    .put("promotion_id", discount.promotionId().toString())
                    .put("code", discount.code())
                    .put("order_id", redemption.orderId().toString())
                    .put("customer_id", customer == null ? null : customer.toString())
                    .put("currency", redemption.currency())
                    .put("amount", discount.amount()))));
      }
      return chain;
    });
  }

  /** Per-customer limit and first order, under the customer's redemption lock (taken before the first discount). */
  private Future<Void> checkCustomer(SqlConnection conn, UUID tenantId, AppliedDiscount discount, Limits limit,
                                     Redemption redemption) {
    if (limit.perCustomer() == null && !limit.firstOrderOnly()) {
      return Future.succeededFuture();
    }
    UUID customer = redemption.customerId();
    if (customer == null) {
      return Future.failedFuture(unavailable(discount, "needs a signed-in customer"));
    }
    Future<Void> perCustomer = limit.perCustomer() == null ? Future.succeededFuture()
        : repository.customerUsesOf(conn, tenantId, discount.promotionId(), customer)
            .compose(n -> n >= limit.perCustomer()
                ? Future.<Void>failedFuture(unavailable(discount, "has been used " + n + " times by this customer"))
                : Future.<Void>succeededFuture());
    return perCustomer.compose(v -> !limit.firstOrderOnly() ? Future.<Void>succeededFuture()
        : repository.earlierOrder(conn, tenantId, customer, redemption.orderId())
            .compose(earlier -> earlier ? Future.<Void>failedFuture(unavailable(discount, "is for a first order only"))
                : Future.<Void>succeededFuture()));
  }

  private static PromotionUnavailableException unavailable(AppliedDiscount discount, String reason) {
    return new PromotionUnavailableException(discount.code(), discount.promotionId().toString(), reason);
  }
}
