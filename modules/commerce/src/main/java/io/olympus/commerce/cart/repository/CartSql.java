package io.olympus.commerce.cart.repository;

/** SQL of carts; read only by {@link CartRepository}. */
final class CartSql {

  static final String COLUMNS = "id, customer_id, status, currency, location_id, email, shipping_address, "
      + "billing_address, shipping_method_id, order_id, version, expires_at, created_at, updated_at";

  static final String INSERT = "INSERT INTO carts (tenant_id, id, customer_id, token_hash, currency, location_id, email, "
      + "shipping_address, billing_address, shipping_method_id, expires_at) "
      + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now() + make_interval(secs => $11)) RETURNING " + COLUMNS;

  /** An open cart that has not expired. */
  static final String BY_ID = "SELECT " + COLUMNS + " FROM carts WHERE tenant_id = $1 AND id = $2 "
      + "AND (status <> 'open' OR expires_at > now())";

  static final String LOCK = BY_ID + " FOR UPDATE";

  /** Who may reach a cart that has not expired: its customer, or (anonymous) the hash of its token. */
  static final String ACCESS = "SELECT customer_id, token_hash, location_id FROM carts WHERE tenant_id = $1 AND id = $2 "
      + "AND (status <> 'open' OR expires_at > now())";

  static final String BY_TOKEN = "SELECT " + COLUMNS + " FROM carts WHERE tenant_id = $1 AND token_hash = $2 "
      + "AND (status <> 'open' OR expires_at > now())";

  static final String LINES = "SELECT variant_id, quantity FROM cart_lines WHERE tenant_id = $1 AND cart_id = $2 "
      + "ORDER BY added_at, variant_id";

  static final String SET_LINE = "INSERT INTO cart_lines (tenant_id, cart_id, variant_id, quantity) VALUES ($1, $2, $3, $4) "
      + "ON CONFLICT (tenant_id, cart_id, variant_id) DO UPDATE SET quantity = EXCLUDED.quantity";

  static final String ADD_TO_LINE = "INSERT INTO cart_lines (tenant_id, cart_id, variant_id, quantity) VALUES ($1, $2, $3, $4) "
      + "ON CONFLICT (tenant_id, cart_id, variant_id) DO UPDATE SET quantity = cart_lines.quantity + EXCLUDED.quantity "
      + "RETURNING quantity";

  static final String DELETE_LINE = "DELETE FROM cart_lines WHERE tenant_id = $1 AND cart_id = $2 AND variant_id = $3";

  /** Every changeable field written at once; the cart lives $10 seconds from now. */
  static final String UPDATE = "UPDATE carts SET location_id = $3, email = $4, shipping_address = $5, "
      + "billing_address = $6, shipping_method_id = $7, version = version + 1, updated_at = now(), "
      + "expires_at = now() + make_interval(secs => $8) WHERE tenant_id = $1 AND id = $2 RETURNING " + COLUMNS;

  static final String CHECKED_OUT = "UPDATE carts SET status = 'checked_out', order_id = $3, version = version + 1, "
      + "updated_at = now() WHERE tenant_id = $1 AND id = $2 AND status = 'open' RETURNING " + COLUMNS;

  static final String AVAILABLE = "SELECT variant_id, coalesce(sum(on_hand - reserved), 0)::int AS available "
      + "FROM inventory_levels WHERE tenant_id = $1 AND variant_id = ANY($2) AND ($3::uuid IS NULL OR location_id = $3) "
      + "GROUP BY variant_id";

  /** Tenants with expired open carts: read in the system context (the carts policy allows it for SELECT). */
  static final String TENANTS_WITH_EXPIRED = "SELECT DISTINCT tenant_id FROM carts "
      + "WHERE status = 'open' AND expires_at <= now() LIMIT $1";

  /**
   * Deletes a batch of one tenant's expired open carts (lines cascade); SKIP LOCKED leaves a cart being changed. The
   * batch is chosen once, in a CTE: as an {@code IN (subquery)} the planner may run the locking subquery again per
   * row, each time skipping the rows this statement deleted already, and delete every expired cart.
   */
  static final String DELETE_EXPIRED = "WITH doomed AS (SELECT id FROM carts WHERE tenant_id = $1 AND status = 'open' "
      + "AND expires_at <= now() ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED) "
      + "DELETE FROM carts c USING doomed d WHERE c.tenant_id = $1 AND c.id = d.id";

  private CartSql() {}
}
