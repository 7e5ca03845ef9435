package io.olympus.platform.location;

/** SQL of locations; read only by {@link LocationRepository}. */
final class LocationSql {

  static final String COLUMNS =
      "id, tenant_id, parent_id, path, code, name, kind, timezone, currency, tax_region, address, version";

  static final String INSERT = "INSERT INTO locations (id, tenant_id, parent_id, path, code, name, kind, timezone, "
      + "currency, tax_region, address) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING " + COLUMNS;

  static final String BY_ID = "SELECT " + COLUMNS + " FROM locations WHERE tenant_id = $1 AND id = $2";

  static final String SUBTREE = "SELECT " + COLUMNS + " FROM locations WHERE tenant_id = $1 AND path LIKE $2 || '%' "
      + "ORDER BY path";

  /** Hierarchy order (parents before children), keyset on the path. */
  static final String PAGE = "SELECT " + COLUMNS + " FROM locations WHERE tenant_id = $1 AND ($2::text IS NULL OR path > $2) "
      + "ORDER BY path LIMIT $3";

  static final String COUNT = "SELECT count(*) FROM locations WHERE tenant_id = $1";

  /** Locks the tenant row so concurrent creates cannot overshoot the plan limit together. */
  static final String PLAN_LIMIT = "SELECT p.code, p.max_locations FROM tenants t JOIN plans p ON p.code = t.plan "
      + "WHERE t.id = $1 FOR UPDATE OF t";

  /** Rewrites the path prefix of a whole subtree and re-parents its root. */
  static final String MOVE = "UPDATE locations SET path = $3 || substr(path, length($4) + 1), "
      + "parent_id = CASE WHEN id = $2 THEN $5::uuid ELSE parent_id END, "
      + "version = version + CASE WHEN id = $2 THEN 1 ELSE 0 END, updated_at = now() "
      + "WHERE tenant_id = $1 AND path LIKE $4 || '%'";

  static final String HAS_CHILDREN = "SELECT 1 FROM locations WHERE tenant_id = $1 AND parent_id = $2 LIMIT 1";

  static final String DELETE = "DELETE FROM locations WHERE tenant_id = $1 AND id = $2";

  private LocationSql() {}
}
