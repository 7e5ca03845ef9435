package io.olympus.commerce.pricing.repository;

/** SQL of pricing; read only by {@link PricingRepository}. */
final class PricingSql {

  static final String INSERT_LIST = "INSERT INTO price_lists (tenant_id, id, name, currency, location_id, customer_group) "
      + "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, name, currency, location_id, customer_group, active";

  static final String INSERT_ENTRY = "INSERT INTO price_list_entries "
      + "(tenant_id, id, price_list_id, variant_id, min_quantity, amount, starts_at, ends_at) "
      + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";

  static final String LIST = "SELECT id, name, currency, location_id, customer_group, active FROM price_lists "
      + "WHERE tenant_id = $1 AND id = $2";

  static final String ENTRIES = "SELECT id, variant_id, min_quantity, amount, starts_at, ends_at FROM price_list_entries "
      + "WHERE tenant_id = $1 AND price_list_id = $2 ORDER BY variant_id, min_quantity, starts_at NULLS FIRST, id";

  static final String VARIANT_PRICE = "SELECT price_amount, currency FROM product_variants WHERE tenant_id = $1 AND id = $2";

  /**
   * The cheapest entry that applies: active list in the variant's currency, scoped to this location and
   * customer group (or unscoped), quantity tier reached, inside its sale window at {@code $7}.
   */
  static final String BEST_ENTRY = "SELECT e.id, e.amount, e.min_quantity, e.starts_at, e.ends_at, l.id AS list_id, l.name "
      + "FROM price_list_entries e JOIN price_lists l ON l.tenant_id = e.tenant_id AND l.id = e.price_list_id "
      + "WHERE e.tenant_id = $1 AND e.variant_id = $2 AND l.active AND l.currency = $3 AND e.min_quantity <= $4 "
      + "AND (l.location_id IS NULL OR l.location_id = $5) "
      + "AND (l.customer_group IS NULL OR l.customer_group = $6) "
      + "AND (e.starts_at IS NULL OR e.starts_at <= $7) AND (e.ends_at IS NULL OR e.ends_at > $7) "
      + "ORDER BY e.amount, e.min_quantity DESC, e.id LIMIT 1";

  private PricingSql() {}
}
