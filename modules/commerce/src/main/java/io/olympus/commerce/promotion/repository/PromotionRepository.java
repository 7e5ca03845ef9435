package io.olympus.commerce.promotion.repository;

import io.olympus.commerce.promotion.model.Candidate;
import io.olympus.commerce.promotion.model.Promotion;
import io.olympus.commerce.promotion.model.PromotionCode;
import io.olympus.commerce.promotion.model.PromotionQuery;
import io.olympus.commerce.promotion.model.Terms;
import io.olympus.commerce.support.Rows;
import io.olympus.common.db.PgErrors;
import io.olympus.common.error.ValidationException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** Reads and writes promotions, their codes, the codes on carts and the redemptions. Callers own the transaction. */
public final class PromotionRepository {

  static final Function<Row, Promotion> MAPPER = row -> new Promotion(
      row.getUUID("id"),
      new Terms(
          row.getString("name"),
          row.getString("description"),
          row.getString("type"),
          row.getString("target"),
          row.getInteger("percent_off_bp"),
          money(row.getValue("amounts_off")),
          Arrays.asList(row.getArrayOfUUIDs("product_ids")),
          Arrays.asList(row.getArrayOfUUIDs("variant_ids")),
          Arrays.asList(row.getArrayOfUUIDs("category_ids")),
          row.getInteger("buy_quantity"),
          row.getInteger("get_quantity"),
          row.getInteger("get_percent_off_bp"),
          Rows.instant(row.getOffsetDateTime("starts_at")),
          Rows.instant(row.getOffsetDateTime("ends_at")),
          money(row.getValue("minimum_subtotals")),
          Arrays.asList(row.getArrayOfStrings("customer_groups")),
          row.getBoolean("first_order_only"),
          row.getString("stacking"),
          row.getInteger("priority"),
          money(row.getValue("max_discounts")),
          row.getBoolean("automatic"),
          row.getBoolean("active"),
          row.getInteger("usage_limit"),
          row.getInteger("usage_limit_per_customer")),
      row.getInteger("usage_count"),
      row.getInteger("code_count"),
      row.getInteger("version"),
      Rows.instant(row.getOffsetDateTime("created_at")),
      Rows.instant(row.getOffsetDateTime("updated_at")));

  static final Function<Row, PromotionCode> CODE = row -> new PromotionCode(row.getUUID("id"),
      row.getUUID("promotion_id"), row.getString("code"), row.getInteger("usage_limit"), row.getInteger("usage_count"),
      Rows.instant(row.getOffsetDateTime("created_at")));

  /** A code found by its text, with whether its promotion is deleted. */
  public record FoundCode(PromotionCode code, boolean deleted) {}

  /** The limits a redemption checks. */
  public record Limits(Integer usageLimit, Integer perCustomer, boolean firstOrderOnly) {}

  public Future<Promotion> insert(SqlClient client, UUID tenantId, UUID id, Terms t) {
    return client.preparedQuery(PromotionSql.INSERT).execute(terms(Tuple.of(tenantId, id), t))
        .map(rows -> MAPPER.apply(rows.iterator().next()));
  }

  /**
   * Writes the terms when {@code version} matches (0: any); empty when the promotion is unknown, deleted or at another
   * version. ValidationException naming {@code usage_limit} when it would be below the uses already made.
   */
  public Future<Optional<Promotion>> update(SqlClient client, UUID tenantId, UUID id, int version, Terms t) {
    return client.preparedQuery(PromotionSql.UPDATE).execute(terms(Tuple.of(tenantId, id), t).addInteger(version))
        .map(rows -> Rows.first(rows, MAPPER))
        .recover(err -> Future.failedFuture(PgErrors.checkViolation(err)
            ? new ValidationException("usage_limit", "must not be below the uses made already") : err));
  }

  public Future<Optional<Promotion>> find(SqlClient client, UUID tenantId, UUID id) {
    return client.preparedQuery(PromotionSql.BY_ID).execute(Tuple.of(tenantId, id)).map(rows -> Rows.first(rows, MAPPER));
  }

  public Future<Optional<Promotion>> lock(SqlClient client, UUID tenantId, UUID id) {
    return client.preparedQuery(PromotionSql.LOCK).execute(Tuple.of(tenantId, id)).map(rows -> Rows.first(rows, MAPPER));
  }

  /** Marks the promotion deleted; false when unknown or deleted already. */
  public Future<Boolean> delete(SqlClient client, UUID tenantId, UUID id) {
    return client.preparedQuery(PromotionSql.DELETE).execute(Tuple.of(tenantId, id)).map(rows -> rows.rowCount() == 1);
  }

  /** Up to {@code limit + 1} promotions, newest first (the extra one says a next page exists). */
  public Future<List<Promotion>> list(SqlClient client, UUID tenantId, PromotionQuery q) {
    return client.preparedQuery(PromotionSql.LIST)
        .execute(Tuple.of(tenantId, q.active(), q.code(), q.after(), q.limit() + 1))
        .map(rows -> Rows.all(rows, MAPPER));
  }

  /** Inserts the codes; those taken already (by any promotion of the tenant) are not in the answer. */
  public Future<List<PromotionCode>> insertCodes(SqlClient client, UUID tenantId, UUID promotionId, List<UUID> ids,
                                                 List<String> codes, Integer usageLimit) {
    return client.preparedQuery(PromotionSql.INSERT_CODES)
        .execute(Tuple.of(tenantId, (Object) ids.toArray(UUID[]::new), promotionId, codes.toArray(String[]::new), usageLimit))
        .map(rows -> Rows.all(rows, CODE));
  }

  /** Up to {@code limit} codes of the promotion after {@code after} (null: from the first). */
  public Future<List<PromotionCode>> codes(SqlClient client, UUID tenantId, UUID promotionId, UUID after, int limit) {
    return client.preparedQuery(PromotionSql.CODES).execute(Tuple.of(tenantId, promotionId, after, limit))
        .map(rows -> Rows.all(rows, CODE));
  }

  /** The code (upper case) of the tenant, if any. */
  public Future<Optional<FoundCode>> code(SqlClient client, UUID tenantId, String code) {
    return client.preparedQuery(PromotionSql.CODE).execute(Tuple.of(tenantId, code))
        .map(rows -> Rows.first(rows, row -> new FoundCode(CODE.apply(row), row.getBoolean("deleted"))));
  }

  /** Puts the code on the cart (once); how many codes the cart holds then. */
  public Future<Integer> addToCart(SqlClient client, UUID tenantId, UUID cartId, UUID codeId) {
    return client.preparedQuery(PromotionSql.ADD_CART_CODE).execute(Tuple.of(tenantId, cartId, codeId))
        .compose(v -> client.preparedQuery(PromotionSql.CART_CODE_COUNT).execute(Tuple.of(tenantId, cartId)))
        .map(rows -> rows.iterator().next().getInteger(0));
  }

  /** Takes the code (upper case) off the cart; false when it was not on it. */
  public Future<Boolean> removeFromCart(SqlClient client, UUID tenantId, UUID cartId, String code) {
    return client.preparedQuery(PromotionSql.REMOVE_CART_CODE).execute(Tuple.of(tenantId, cartId, code))
        .map(rows -> rows.rowCount() > 0);
  }

  // ---- pricing

  /** The tenant's automatic promotions that are switched on and not over. */
  public Future<List<Candidate>> automatic(SqlClient client, UUID tenantId) {
    return client.preparedQuery(PromotionSql.AUTOMATIC).execute(Tuple.of(tenantId))
        .map(rows -> Rows.all(rows, row -> new Candidate(MAPPER.apply(row), null, null, null, 0)));
  }

  /** A code of a basket: the candidate it brings, or its text alone when its promotion is deleted. */
  public record BasketCode(Candidate candidate, boolean deleted) {}

  /** The codes on the cart and those the order redeemed (either may be null). */
  public Future<List<BasketCode>> basketCodes(SqlClient client, UUID tenantId, UUID cartId, UUID orderId) {
    return client.preparedQuery(PromotionSql.BASKET_CODES).execute(Tuple.of(tenantId, cartId, orderId))
        .map(rows -> Rows.all(rows, row -> new BasketCode(new Candidate(MAPPER.apply(row),
            row.getUUID("code_id"), row.getString("code"), row.getInteger("code_limit"), row.getInteger("code_uses")),
            row.getBoolean("deleted"))));
  }

  public Future<Set<UUID>> redeemedBy(SqlClient client, UUID tenantId, UUID orderId) {
    return client.preparedQuery(PromotionSql.REDEEMED_BY_ORDER).execute(Tuple.of(tenantId, orderId))
        .map(rows -> new HashSet<>(Rows.all(rows, row -> row.getUUID(0))));
  }

  /** Each variant's product and categories (with their ancestors), by variant id. */
  public Future<Map<UUID, Map.Entry<UUID, Set<UUID>>>> items(SqlClient client, UUID tenantId, List<UUID> variants) {
    return client.preparedQuery(PromotionSql.ITEMS).execute(Tuple.of(tenantId, (Object) variants.toArray(UUID[]::new)))
        .map(rows -> {
          Map<UUID, Map.Entry<UUID, Set<UUID>>> out = new HashMap<>();
          rows.forEach(row -> out.put(row.getUUID("id"), Map.entry(row.getUUID("product_id"),
              Set.of(row.getArrayOfUUIDs("categories")))));
          return out;
        });
  }

  /** The customer's uses of each promotion (orders not cancelled). */
  public Future<Map<UUID, Integer>> customerUses(SqlClient client, UUID tenantId, UUID customerId) {
    return client.preparedQuery(PromotionSql.CUSTOMER_USES).execute(Tuple.of(tenantId, customerId))
        .map(rows -> {
          Map<UUID, Integer> out = new HashMap<>();
          rows.forEach(row -> out.put(row.getUUID("promotion_id"), row.getInteger("uses")));
          return out;
        });
  }

  /** Whether the customer has an order other than {@code orderId} that is not cancelled. */
  public Future<Boolean> earlierOrder(SqlClient client, UUID tenantId, UUID customerId, UUID orderId) {
    return client.preparedQuery(PromotionSql.EARLIER_ORDER).execute(Tuple.of(tenantId, customerId, orderId))
        .map(rows -> rows.iterator().next().getBoolean(0));
  }

  // ---- redemption

  public Future<Map<UUID, Limits>> limits(SqlClient client, UUID tenantId, List<UUID> promotionIds) {
    return client.preparedQuery(PromotionSql.LIMITS).execute(Tuple.of(tenantId, (Object) promotionIds.toArray(UUID[]::new)))
        .map(rows -> {
          Map<UUID, Limits> out = new HashMap<>();
          rows.forEach(row -> out.put(row.getUUID("id"), new Limits(row.getInteger("usage_limit"),
              row.getInteger("usage_limit_per_customer"), row.getBoolean("first_order_only"))));
          return out;
        });
  }

  public Future<Map<UUID, Integer>> codeLimits(SqlClient client, UUID tenantId, List<UUID> codeIds) {
    return client.preparedQuery(PromotionSql.CODE_LIMITS).execute(Tuple.of(tenantId, (Object) codeIds.toArray(UUID[]::new)))
        .map(rows -> {
          Map<UUID, Integer> out = new HashMap<>();
          rows.forEach(row -> out.put(row.getUUID("id"), row.getInteger("usage_limit")));
          return out;
        });
  }

  /** One more use of a limited promotion; false when none is left. */
  public Future<Boolean> takeUse(SqlClient client, UUID tenantId, UUID promotionId) {
    return client.preparedQuery(PromotionSql.TAKE_USE).execute(Tuple.of(tenantId, promotionId))
        .map(rows -> rows.rowCount() == 1);
  }

  /** One more use of a limited code; false when none is left. */
  public Future<Boolean> takeCodeUse(SqlClient client, UUID tenantId, UUID codeId) {
    return client.preparedQuery(PromotionSql.TAKE_CODE_USE).execute(Tuple.of(tenantId, codeId))
        .map(rows -> rows.rowCount() == 1);
  }

  /** Holds the customer's redemption lock until the transaction ends. */
  public Future<Void> lockCustomer(SqlClient client, UUID tenantId, UUID customerId) {
    return client.preparedQuery(PromotionSql.LOCK_CUSTOMER).execute(Tuple.of(tenantId, customerId)).mapEmpty();
  }

  public Future<Integer> customerUsesOf(SqlClient client, UUID tenantId, UUID promotionId, UUID customerId) {
    return client.preparedQuery(PromotionSql.CUSTOMER_USES_OF).execute(Tuple.of(tenantId, promotionId, customerId))
        .map(rows -> rows.iterator().next().getInteger(0));
  }

  public Future<Void> insertRedemption(SqlClient client, UUID tenantId, UUID id, UUID promotionId, UUID codeId,
                                       String code, UUID orderId, UUID customerId, String currency, long amount) {
    return client.preparedQuery(PromotionSql.INSERT_REDEMPTION)
        .execute(Tuple.from(new Object[] {tenantId, id, promotionId, codeId, code, orderId, customerId, currency, amount}))
        .mapEmpty();
  }

  private static Tuple terms(Tuple tuple, Terms t) {
    return tuple.addString(t.name()).addString(t.description()).addString(t.type()).addString(t.target())
        .addInteger(t.percentOffBp()).addValue(json(t.amountsOff())).addArrayOfUUID(t.productIds().toArray(UUID[]::new))
        .addArrayOfUUID(t.variantIds().toArray(UUID[]::new)).addArrayOfUUID(t.categoryIds().toArray(UUID[]::new))
        .addInteger(t.buyQuantity()).addInteger(t.getQuantity()).addInteger(t.getPercentOffBp())
        .addValue(t.startsAt() == null ? null : java.time.OffsetDateTime.ofInstant(t.startsAt(), java.time.ZoneOffset.UTC))
        .addValue(t.endsAt() == null ? null : java.time.OffsetDateTime.ofInstant(t.endsAt(), java.time.ZoneOffset.UTC))
        .addValue(json(t.minimumSubtotals())).addArrayOfString(t.customerGroups().toArray(String[]::new))
        .addBoolean(t.firstOrderOnly()).addString(t.stacking()).addInteger(t.priority()).addValue(json(t.maxDiscounts()))
        .addBoolean(t.automatic()).addBoolean(t.active()).addInteger(t.usageLimit()).addInteger(t.usageLimitPerCustomer());
  }

  private static JsonObject json(Map<String, Long> money) {
    JsonObject out = new JsonObject();
    money.forEach(out::put);
    return out;
  }

  private static Map<String, Long> money(Object stored) {
    Map<String, Long> out = new LinkedHashMap<>();
    if (stored instanceof JsonObject json) {
      json.forEach(e -> out.put(e.getKey(), ((Number) e.getValue()).longValue()));
    }
    return out;
  }
}
