package io.olympus.commerce.promotion.repository;

/** SQL of promotions; read only by {@link PromotionRepository}. */
final class PromotionSql {

  private static final String TERMS = "p.id, p.name, p.description, p.type, p.target, p.percent_off_bp, p.amounts_off, "
      + "p.product_ids, p.variant_ids, p.category_ids, p.buy_quantity, p.get_quantity, p.get_percent_off_bp, "
      + "p.starts_at, p.ends_at, p.minimum_subtotals, p.customer_groups, p.first_order_only, p.stacking, p.priority, "
      + "p.max_discounts, p.automatic, p.active, p.usage_limit, p.usage_limit_per_customer, p.version, p.created_at, "
      + "p.updated_at";

  /** What the admin API shows: uses of orders not cancelled (the counter while limited), and the codes held. */
  static final String COLUMNS = TERMS + ", CASE WHEN p.usage_limit IS NOT NULL THEN p.usage_count ELSE "
      + "(SELECT count(*) FROM promotion_redemptions r WHERE r.tenant_id = p.tenant_id AND r.promotion_id = p.id "
      + "AND r.released_at IS NULL)::int END AS usage_count, (SELECT count(*) FROM promotion_codes c "
      + "WHERE c.tenant_id = p.tenant_id AND c.promotion_id = p.id)::int AS code_count";

  /** What pricing needs: the counter (meaningful while limited), no code count. */
  static final String PRICING_COLUMNS = TERMS + ", p.usage_count, 0 AS code_count";

  static final String INSERT = "INSERT INTO promotions AS p (tenant_id, id, name, description, type, target, "
      + "percent_off_bp, amounts_off, product_ids, variant_ids, category_ids, buy_quantity, get_quantity, "
      + "get_percent_off_bp, starts_at, ends_at, minimum_subtotals, customer_groups, first_order_only, stacking, priority, "
      + "max_discounts, automatic, active, usage_limit, usage_limit_per_customer) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
      + "$9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26) RETURNING " + COLUMNS;

  /** Every term written at once when {@code version} matches ($27, 0: any); the limit counter recomputed. */
  static final String UPDATE = "UPDATE promotions AS p SET name = $3, description = $4, type = $5, target = $6, "
      + "percent_off_bp = $7, amounts_off = $8, product_ids = $9, variant_ids = $10, category_ids = $11, "
      + "buy_quantity = $12, get_quantity = $13, get_percent_off_bp = $14, starts_at = $15, ends_at = $16, "
      + "minimum_subtotals = $17, customer_groups = $18, first_order_only = $19, stacking = $20, priority = $21, "
      + "max_discounts = $22, automatic = $23, active = $24, usage_limit = $25, usage_limit_per_customer = $26, "
      + "usage_count = (SELECT count(*) FROM promotion_redemptions r WHERE r.tenant_id = p.tenant_id "
      + "AND r.promotion_id = p.id AND r.released_at IS NULL), version = p.version + 1, updated_at = now() "
      + "WHERE p.tenant_id = $1 AND p.id = $2 AND p.deleted_at IS NULL AND ($27 = 0 OR p.version = $27) RETURNING " + COLUMNS;

  static final String BY_ID = "SELECT " + COLUMNS + " FROM promotions p WHERE p.tenant_id = $1 AND p.id = $2 "
      + "AND p.deleted_at IS NULL";

  static final String LOCK = BY_ID + " FOR UPDATE";

  static final String DELETE = "UPDATE promotions SET deleted_at = now(), active = false, version = version + 1, "
      + "updated_at = now() WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL";

  /** Newest first; {@code active} ($2) compares "switched on and in its window now"; $3 a code (upper case). */
  static final String LIST = "SELECT " + COLUMNS + " FROM promotions p WHERE p.tenant_id = $1 AND p.deleted_at IS NULL "
      + "AND ($2::boolean IS NULL OR (p.active AND (p.starts_at IS NULL OR p.starts_at <= now()) "
      + "AND (p.ends_at IS NULL OR p.ends_at > now())) = $2) "
      + "AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM promotion_codes c WHERE c.tenant_id = p.tenant_id "
      + "AND c.promotion_id = p.id AND c.code = $3)) "
      + "AND ($4::uuid IS NULL OR p.id < $4) ORDER BY p.id DESC LIMIT $5";

  private static final String CODE_COLUMNS = "id, promotion_id, code, usage_limit, usage_count, created_at";

  /** Inserts codes ($2 ids, $4 codes); a code taken already is skipped (the caller compares what came back). */
  static final String INSERT_CODES = "INSERT INTO promotion_codes (tenant_id, id, promotion_id, code, usage_limit) "
      + "SELECT $1::uuid, i, $3::uuid, c, $5::int FROM unnest($2::uuid[], $4::text[]) AS t(i, c) "
      + "ON CONFLICT (tenant_id, code) DO NOTHING RETURNING " + CODE_COLUMNS;

  static final String CODES = "SELECT " + CODE_COLUMNS + " FROM promotion_codes WHERE tenant_id = $1 "
      + "AND promotion_id = $2 AND ($3::uuid IS NULL OR id > $3) ORDER BY id LIMIT $4";

  /** A code with whether its promotion is automatic or deleted. */
  static final String CODE = "SELECT c.id, c.promotion_id, c.code, c.usage_limit, c.usage_count, c.created_at, "
      + "p.deleted_at IS NOT NULL AS deleted FROM promotion_codes c JOIN promotions p "
      + "ON p.tenant_id = c.tenant_id AND p.id = c.promotion_id WHERE c.tenant_id = $1 AND c.code = $2";

  static final String ADD_CART_CODE = "INSERT INTO cart_promotion_codes (tenant_id, cart_id, code_id) VALUES ($1, $2, $3) "
      + "ON CONFLICT DO NOTHING";

  static final String CART_CODE_COUNT = "SELECT count(*)::int FROM cart_promotion_codes WHERE tenant_id = $1 AND cart_id = $2";

  static final String REMOVE_CART_CODE = "DELETE FROM cart_promotion_codes WHERE tenant_id = $1 AND cart_id = $2 "
      + "AND code_id IN (SELECT id FROM promotion_codes WHERE tenant_id = $1 AND code = $3)";

  // ---- pricing (read only)

  static final String AUTOMATIC = "SELECT " + PRICING_COLUMNS + " FROM promotions p WHERE p.tenant_id = $1 "
      + "AND p.automatic AND p.active AND p.deleted_at IS NULL AND (p.ends_at IS NULL OR p.ends_at > now())";

  /** The codes of a cart ($2) and those an order ($3) redeemed, with their promotions (deleted ones flagged). */
  static final String BASKET_CODES = "SELECT " + PRICING_COLUMNS + ", c.id AS code_id, c.code, c.usage_limit AS code_limit, "
      + "c.usage_count AS code_uses, p.deleted_at IS NOT NULL AS deleted FROM promotion_codes c "
      + "JOIN promotions p ON p.tenant_id = c.tenant_id AND p.id = c.promotion_id WHERE c.tenant_id = $1 AND ("
      + "c.id IN (SELECT code_id FROM cart_promotion_codes WHERE tenant_id = $1 AND cart_id = $2) "
      + "OR c.id IN (SELECT code_id FROM promotion_redemptions WHERE tenant_id = $1 AND order_id = $3 "
      + "AND code_id IS NOT NULL AND released_at IS NULL)) ORDER BY c.code";

  static final String REDEEMED_BY_ORDER = "SELECT promotion_id FROM promotion_redemptions WHERE tenant_id = $1 "
      + "AND order_id = $2 AND released_at IS NULL";

  /** Each variant's product and every category its product lies under (each linked category and its ancestors). */
  static final String ITEMS = "SELECT v.id, v.product_id, coalesce(array_agg(DISTINCT a.id) FILTER (WHERE a.id IS NOT NULL), "
      + "'{}') AS categories FROM product_variants v LEFT JOIN product_categories pc ON pc.tenant_id = v.tenant_id "
      + "AND pc.product_id = v.product_id LEFT JOIN categories k ON k.tenant_id = pc.tenant_id AND k.id = pc.category_id "
      + "LEFT JOIN LATERAL unnest(k.path) AS a(id) ON true WHERE v.tenant_id = $1 AND v.id = ANY($2) "
      + "GROUP BY v.id, v.product_id";

  static final String CUSTOMER_USES = "SELECT promotion_id, count(*)::int AS uses FROM promotion_redemptions "
      + "WHERE tenant_id = $1 AND customer_id = $2 AND released_at IS NULL GROUP BY promotion_id";

  /** Whether the customer has another order that is not cancelled (orders belong to the order slice: read only). */
  static final String EARLIER_ORDER = "SELECT EXISTS (SELECT 1 FROM orders WHERE tenant_id = $1 AND customer_id = $2 "
      + "AND id <> $3 AND status <> 'cancelled') AS earlier";

  // ---- redemption (in the placing transaction)

  static final String LIMITS = "SELECT id, usage_limit, usage_limit_per_customer, first_order_only FROM promotions "
      + "WHERE tenant_id = $1 AND id = ANY($2)";

  static final String CODE_LIMITS = "SELECT id, usage_limit FROM promotion_codes WHERE tenant_id = $1 AND id = ANY($2)";

  /** One more use of a limited promotion, if any is left (the row stays locked until the commit). */
  static final String TAKE_USE = "UPDATE promotions SET usage_count = usage_count + 1 WHERE tenant_id = $1 AND id = $2 "
      + "AND usage_limit IS NOT NULL AND usage_count < usage_limit RETURNING usage_count";

  static final String TAKE_CODE_USE = "UPDATE promotion_codes SET usage_count = usage_count + 1 WHERE tenant_id = $1 "
      + "AND id = $2 AND usage_limit IS NOT NULL AND usage_count < usage_limit RETURNING usage_count";

  /** Serialises the redemptions of one customer (per-customer limits, first orders) until the commit. */
  static final String LOCK_CUSTOMER = "SELECT pg_advisory_xact_lock(hashtextextended('promotion-customer/' || ($1::uuid)::text "
      + "|| '/' || ($2::uuid)::text, 0))";

  static final String CUSTOMER_USES_OF = "SELECT count(*)::int FROM promotion_redemptions WHERE tenant_id = $1 "
      + "AND promotion_id = $2 AND customer_id = $3 AND released_at IS NULL";

  static final String INSERT_REDEMPTION = "INSERT INTO promotion_redemptions (tenant_id, id, promotion_id, code_id, code, "
      + "order_id, customer_id, currency, amount) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

  private PromotionSql() {}
}
