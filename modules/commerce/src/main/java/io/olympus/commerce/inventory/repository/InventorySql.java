package io.olympus.commerce.inventory.repository;

/** SQL of inventory; read only by {@link InventoryRepository}. */
final class InventorySql {

  static final String LEVEL_COLUMNS = "variant_id, location_id, on_hand, reserved, low_stock_threshold, updated_at";

  static final String ENSURE_LEVEL = "INSERT INTO inventory_levels (tenant_id, variant_id, location_id) "
      + "VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";

  static final String LOCK_LEVEL = "SELECT " + LEVEL_COLUMNS + " FROM inventory_levels "
      + "WHERE tenant_id = $1 AND variant_id = $2 AND location_id = $3 FOR UPDATE";

  /**
   * The one way stock changes: a single conditional UPDATE that applies both deltas only if available
   * stock stays non-negative. For a reservation ($4 = 0, $5 = n) the guard reads
   * {@code on_hand - (reserved + n) >= 0}. No row back means not enough stock (or no level at all).
   */
  static final String APPLY = "UPDATE inventory_levels SET on_hand = on_hand + $4, reserved = reserved + $5, "
      + "updated_at = now() "
      + "WHERE tenant_id = $1 AND variant_id = $2 AND location_id = $3 "
      + "AND reserved + $5 >= 0 AND (on_hand + $4) - (reserved + $5) >= 0 "
      + "RETURNING " + LEVEL_COLUMNS;

  /**
   * {@link #APPLY} and its ledger row ({@link #INSERT_MOVEMENT}) in one statement: the movement is inserted only when
   * the guarded UPDATE changed the level (no row back: nothing changed, nothing recorded). Parameters as APPLY, then
   * the movement's id, reason, reference and note.
   */
  static final String APPLY_AND_RECORD = "WITH applied AS (" + APPLY + "), moved AS ("
      + "INSERT INTO inventory_movements "
      + "(tenant_id, id, variant_id, location_id, delta_on_hand, delta_reserved, reason, reference_id, note) "
      + "SELECT $1, $6, $2, $3, $4, $5, $7, $8, $9 FROM applied) "
      + "SELECT " + LEVEL_COLUMNS + " FROM applied";

  static final String INSERT_MOVEMENT = "INSERT INTO inventory_movements "
      + "(tenant_id, id, variant_id, location_id, delta_on_hand, delta_reserved, reason, reference_id, note) "
      + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

  static final String SET_THRESHOLD = "UPDATE inventory_levels SET low_stock_threshold = $4, updated_at = now() "
      + "WHERE tenant_id = $1 AND variant_id = $2 AND location_id = $3 RETURNING " + LEVEL_COLUMNS;

  static final String LEVEL = "SELECT " + LEVEL_COLUMNS + " FROM inventory_levels "
      + "WHERE tenant_id = $1 AND variant_id = $2 AND location_id = $3";

  static final String LEVELS_OF_VARIANT = "SELECT " + LEVEL_COLUMNS + " FROM inventory_levels "
      + "WHERE tenant_id = $1 AND variant_id = $2 ORDER BY location_id";

  /** Stock at a past time: the sum of the ledger up to it. */
  static final String VARIANT_EXISTS = "SELECT 1 FROM product_variants WHERE tenant_id = $1 AND id = $2";

  static final String REPLAY = "SELECT coalesce(sum(delta_on_hand), 0)::int AS on_hand, "
      + "coalesce(sum(delta_reserved), 0)::int AS reserved FROM inventory_movements "
      + "WHERE tenant_id = $1 AND variant_id = $2 AND location_id = $3 AND occurred_at <= $4";

  static final String INSERT_RESERVATION = "INSERT INTO reservations (tenant_id, id, status, reference, expires_at) "
      + "VALUES ($1, $2, 'held', $3, now() + make_interval(secs => $4)) RETURNING id, status, reference, expires_at, created_at";

  static final String INSERT_RESERVATION_LINE = "INSERT INTO reservation_lines "
      + "(tenant_id, reservation_id, variant_id, location_id, quantity) VALUES ($1, $2, $3, $4, $5)";

  /** Moves a held reservation to its final status; no row back means it is not (or no longer) held. */
  static final String FINISH_RESERVATION = "UPDATE reservations SET status = $3, updated_at = now() "
      + "WHERE tenant_id = $1 AND id = $2 AND status = 'held' RETURNING id, status, reference, expires_at, created_at";

  static final String RESERVATION = "SELECT id, status, reference, expires_at, created_at FROM reservations "
      + "WHERE tenant_id = $1 AND id = $2";

  static final String RESERVATION_LINES = "SELECT variant_id, location_id, quantity FROM reservation_lines "
      + "WHERE tenant_id = $1 AND reservation_id = $2 ORDER BY variant_id, location_id";

  /** Tenants with stale holds: read in the system context (the reservations policy allows it for SELECT). */
  static final String TENANTS_WITH_EXPIRED = "SELECT DISTINCT tenant_id FROM reservations "
      + "WHERE status = 'held' AND expires_at <= now() LIMIT $1";

  /** Claims a batch of one tenant's stale holds; SKIP LOCKED lets several sweepers share the work. */
  static final String EXPIRE_BATCH = "UPDATE reservations SET status = 'expired', updated_at = now() "
      + "WHERE tenant_id = $1 AND id IN (SELECT id FROM reservations WHERE tenant_id = $1 AND status = 'held' "
      + "AND expires_at <= now() ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED) RETURNING id";

  static final String LOCK_RESERVATION = "SELECT id, status, reference, expires_at, created_at FROM reservations "
      + "WHERE tenant_id = $1 AND id = $2 FOR UPDATE";

  static final String ADD_TO_LINE = "INSERT INTO reservation_lines "
      + "(tenant_id, reservation_id, variant_id, location_id, quantity) VALUES ($1, $2, $3, $4, $5) "
      + "ON CONFLICT (tenant_id, reservation_id, variant_id, location_id) "
      + "DO UPDATE SET quantity = reservation_lines.quantity + EXCLUDED.quantity";

  /** Takes $5 off a line: the line goes at zero, shrinks above it; no row back when it holds less than $5. */
  static final String TAKE_FROM_LINE = "WITH gone AS (DELETE FROM reservation_lines "
      + "WHERE tenant_id = $1 AND reservation_id = $2 AND variant_id = $3 AND location_id = $4 AND quantity = $5 "
      + "RETURNING 0 AS quantity), "
      + "shrunk AS (UPDATE reservation_lines SET quantity = quantity - $5 "
      + "WHERE tenant_id = $1 AND reservation_id = $2 AND variant_id = $3 AND location_id = $4 AND quantity > $5 "
      + "RETURNING quantity) "
      + "SELECT quantity FROM gone UNION ALL SELECT quantity FROM shrunk";

  private InventorySql() {}
}
