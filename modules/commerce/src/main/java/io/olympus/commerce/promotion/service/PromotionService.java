package io.olympus.commerce.promotion.service;

import io.olympus.commerce.event.CommerceEvents;
import io.olympus.commerce.event.EventSink;
import io.olympus.commerce.order.pricing.DiscountPolicy;
import io.olympus.commerce.promotion.model.CodeRequest;
import io.olympus.commerce.promotion.model.Promotion;
import io.olympus.commerce.promotion.model.PromotionCode;
import io.olympus.commerce.promotion.model.PromotionInput;
import io.olympus.commerce.promotion.model.PromotionPage;
import io.olympus.commerce.promotion.model.PromotionQuery;
import io.olympus.commerce.promotion.model.PromotionUnavailableException;
import io.olympus.commerce.promotion.model.Terms;
import io.olympus.commerce.promotion.repository.PromotionRepository;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.ConflictException;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.error.PreconditionFailedException;
import io.olympus.common.error.ValidationException;
import io.olympus.common.event.EventEnvelope;
import io.olympus.common.event.Uuids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Promotions of a tenant (create, read, list, change, delete), their codes (named or generated single-use ones,
 * unique per tenant whatever their case) and the codes shoppers apply to carts. Every change writes
 * {@code promotion.created} or {@code promotion.updated} in its transaction (audited with the request's actor).
 * {@link #policy()} is the discount step the totals pipeline of carts and orders runs.
 */
public final class PromotionService {

  /** The version of a conditional change that matches whatever version is stored ({@code If-Match: *} or none). */
  public static final int ANY_VERSION = 0;
  /** How many codes one cart may hold. */
  public static final int MAX_CART_CODES = 5;
  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Pool pool;
  private final PromotionRepository repository;
  private final EventSink events;
  private final PromotionPolicy policy;

  public PromotionService(Pool pool, PromotionRepository repository, EventSink events) {
    this.pool = pool;
    this.repository = repository;
    this.events = events;
    this.policy = new PromotionPolicy(repository);
  }

  /** The discount step of carts and orders. */
  public DiscountPolicy policy() {
    return policy;
  }

  /** Creates a promotion with its first codes; ConflictException naming a code another promotion holds. */
  public Future<Promotion> create(UUID tenantId, PromotionInput input) {
    UUID id = Uuids.v7();
    return Tenancy.inTenant(pool, tenantId, conn -> repository.insert(conn, tenantId, id, input.terms())
        .compose(inserted -> input.codes().isEmpty() ? Future.succeededFuture(List.<PromotionCode>of())
            : insertNamed(conn, tenantId, id, input.codes(), null))
        .compose(codes -> require(conn, tenantId, id))
        .compose(promotion -> emit(conn, tenantId, CommerceEvents.PROMOTION_CREATED, promotion, promotion.eventPayload()
            .put("codes", new JsonArray(input.codes())))));
  }

  /** The promotion; NotFoundException for an unknown or deleted id (another tenant's included). */
  public Future<Promotion> get(UUID tenantId, UUID id) {
    return Tenancy.inTenant(pool, tenantId, conn -> require(conn, tenantId, id));
  }

  /** A page of promotions, newest first. */
  public Future<PromotionPage> list(UUID tenantId, PromotionQuery query) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.list(conn, tenantId, query))
        .map(found -> found.size() > query.limit()
            ? new PromotionPage(found.subList(0, query.limit()), PromotionQuery.encode(found.get(query.limit() - 1).id()))
            : new PromotionPage(found, null));
  }

  /**
   * Applies the fields {@code patch} names (validated over the stored terms as a whole) at {@code version}
   * ({@link #ANY_VERSION}: whatever is stored). NotFoundException, PreconditionFailedException (stale version),
   * ValidationException naming the bad field (a usage limit below the uses made, an automatic promotion with codes).
   */
  public Future<Promotion> update(UUID tenantId, UUID id, int version, JsonObject patch) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.lock(conn, tenantId, id)
        .compose(found -> {
          if (found.isEmpty()) {
            return Future.failedFuture(notFound(id));
          }
          Promotion current = found.get();
          if (version != ANY_VERSION && current.version() != version) {
            return Future.failedFuture(new PreconditionFailedException("promotion " + id + " is at version "
                + current.version() + ", not " + version));
          }
          Terms terms = PromotionInput.readUpdate(current.terms(), patch);
          if (terms.automatic() && current.codeCount() > 0) {
            return Future.failedFuture(new ValidationException("automatic", "a promotion with codes cannot be automatic"));
          }
          return repository.update(conn, tenantId, id, ANY_VERSION, terms).map(java.util.Optional::orElseThrow);
        })
        .compose(updated -> emit(conn, tenantId, CommerceEvents.PROMOTION_UPDATED, updated, updated.eventPayload()
            .put("changed", new JsonArray(new ArrayList<>(patch.fieldNames()))))));
  }

  /**
   * Deletes the promotion: it stops applying at once (its codes too, and they stay taken), its redemptions are kept;
   * writes {@code promotion.updated} with {@code deleted: true}. NotFoundException for an unknown id.
   */
  public Future<Void> delete(UUID tenantId, UUID id) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.delete(conn, tenantId, id)
        .compose(deleted -> deleted
            ? events.write(conn, EventEnvelope.of(CommerceEvents.PROMOTION_UPDATED, tenantId, "promotion", id.toString(),
                null, new JsonObject().put("id", id.toString()).put("deleted", true)
                    .put("changed", new JsonArray().add("deleted"))))
            : Future.failedFuture(notFound(id))));
  }

  /**
   * Adds codes to a promotion: the named ones (ConflictException naming one that is taken, by this promotion or
   * another) or {@code count} generated ones ({@code prefix} + random letters and digits without look-alikes,
   * single-use unless said otherwise). ConflictException for an automatic promotion; NotFoundException.
   */
  public Future<List<PromotionCode>> addCodes(UUID tenantId, UUID id, CodeRequest request) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.lock(conn, tenantId, id)
        .compose(found -> {
          if (found.isEmpty()) {
            return Future.failedFuture(notFound(id));
          }
          if (found.get().terms().automatic()) {
            return Future.failedFuture(new ConflictException("promotion " + id + " is automatic: it has no codes"));
          }
          return request.generated()
              ? insertGenerated(conn, tenantId, id, request, new ArrayList<>(), 0)
              : insertNamed(conn, tenantId, id, request.codes(), request.usageLimit());
        })
        .compose(codes -> repository.find(conn, tenantId, id).map(java.util.Optional::orElseThrow)
            .compose(promotion -> emit(conn, tenantId, CommerceEvents.PROMOTION_UPDATED, promotion,
                promotion.eventPayload().put("changed", new JsonArray().add("codes")).put("codes_added", codes.size())))
            .map(codes)));
  }

  /** Up to {@code limit} codes of the promotion after {@code after}; NotFoundException for an unknown promotion. */
  public Future<List<PromotionCode>> codes(UUID tenantId, UUID id, UUID after, int limit) {
    return Tenancy.inTenant(pool, tenantId, conn -> require(conn, tenantId, id)
        .compose(promotion -> repository.codes(conn, tenantId, id, after, limit)));
  }

  /**
   * Puts a code (any case) on a cart. ValidationException naming {@code code} when the tenant has no such code (or
   * its promotion is deleted) or the cart holds {@value #MAX_CART_CODES} codes already; PromotionUnavailableException
   * (409) when the code is used up. Whether it applies to the cart's contents shows on the priced cart.
   */
  public Future<Void> applyCode(UUID tenantId, UUID cartId, String code) {
    String key = code.toUpperCase(Locale.ROOT);
    return Tenancy.inTenant(pool, tenantId, conn -> repository.code(conn, tenantId, key)
        .compose(found -> {
          if (found.isEmpty() || found.get().deleted()) {
            return Future.failedFuture(new ValidationException("code", "is not a promotion code of this store"));
          }
          PromotionCode stored = found.get().code();
          if (stored.usageLimit() != null && stored.usageCount() >= stored.usageLimit()) {
            return Future.failedFuture(new PromotionUnavailableException(stored.code(), stored.promotionId().toString(),
                "has been used up"));
          }
          return repository.addToCart(conn, tenantId, cartId, stored.id());
        })
        .compose(count -> count > MAX_CART_CODES
            ? Future.failedFuture(new ValidationException("code", "a cart holds at most " + MAX_CART_CODES + " codes"))
            : Future.<Void>succeededFuture()));
  }

  /** Takes a code (any case) off a cart; NotFoundException when it is not on it. */
  public Future<Void> removeCode(UUID tenantId, UUID cartId, String code) {
    String key = code.toUpperCase(Locale.ROOT);
    return Tenancy.inTenant(pool, tenantId, conn -> repository.removeFromCart(conn, tenantId, cartId, key)
        .compose(removed -> removed ? Future.<Void>succeededFuture()
            : Future.failedFuture(new NotFoundException("code " + key + " is not on cart " + cartId))));
  }

  private Future<List<PromotionCode>> insertNamed(SqlConnection conn, UUID tenantId, UUID id, List<String> codes,
                                                  Integer usageLimit) {
    List<UUID> ids = codes.stream().map(c -> Uuids.v7()).toList();
    return repository.insertCodes(conn, tenantId, id, ids, codes, usageLimit).compose(inserted -> {
      Set<String> stored = new HashSet<>(inserted.stream().map(PromotionCode::code).toList());
      for (String code : codes) {
        if (!stored.contains(code)) {
          return Future.failedFuture(new ConflictException("promotion code " + code + " is taken"));
        }
      }
      return Future.succeededFuture(inserted);
    });
  }

  /** Generated codes: any that collide with a taken code are drawn again (a few rounds at most). */
  private Future<List<PromotionCode>> insertGenerated(SqlConnection conn, UUID tenantId, UUID id, CodeRequest request,
                                                      List<PromotionCode> done, int round) {
    int missing = request.count() - done.size();
    if (missing == 0) {
      return Future.succeededFuture(done);
    }
    if (round == 5) {
      return Future.failedFuture(new ConflictException("could not draw " + missing + " unused codes: use a longer length"));
    }
    Set<String> drawn = new java.util.LinkedHashSet<>();
    while (drawn.size() < missing) {
      drawn.add(draw(request.prefix(), request.length()));
    }
    List<String> codes = List.copyOf(drawn);
    return repository.insertCodes(conn, tenantId, id, codes.stream().map(c -> Uuids.v7()).toList(), codes,
            request.usageLimit())
        .compose(inserted -> {
          done.addAll(inserted);
          return insertGenerated(conn, tenantId, id, request, done, round + 1);
        });
  }

  static String draw(String prefix, int length) {
    StringBuilder code = new StringBuilder(prefix);
    for (int i = 0; i < length; i++) {
      code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return code.toString();
  }

  private Future<Promotion> require(SqlConnection conn, UUID tenantId, UUID id) {
    return repository.find(conn, tenantId, id)
        .compose(found -> found.isPresent() ? Future.succeededFuture(found.get()) : Future.failedFuture(notFound(id)));
  }

  private Future<Promotion> emit(SqlConnection conn, UUID tenantId, String type, Promotion promotion, JsonObject payload) {
    return events.write(conn, EventEnvelope.of(type, tenantId, "promotion", promotion.id().toString(), null, payload))
        .map(promotion);
  }

  private static NotFoundException notFound(UUID id) {
    return new NotFoundException("promotion " + id + " not found");
  }
}
