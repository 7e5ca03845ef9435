package io.olympus.platform.tenant;

/** SQL of the tenant registry; read only by {@link TenantRepository}. */
final class TenantSql {

  static final String COLUMNS =
      "id, slug, name, plan, status, billing_email, billing_address, tax_id, version, created_at, updated_at, "
          + "(SELECT api_requests_per_minute FROM plans p WHERE p.code = tenants.plan) AS api_requests_per_minute, "
          + "(SELECT max_products FROM plans p WHERE p.code = tenants.plan) AS max_products";

  static final String INSERT = "INSERT INTO tenants (id, slug, name, plan, billing_email) VALUES ($1, $2, $3, $4, $5) "
      + "RETURNING " + COLUMNS;

  /** The plan catalogue, in display order. */
  static final String PLANS = "SELECT code, name, max_users, max_locations, max_products, api_requests_per_minute "
      + "FROM plans ORDER BY position";

  static final String PLAN_LIMITS = "SELECT max_users, max_locations, max_products, api_requests_per_minute "
      + "FROM plans WHERE code = $1";

  static final String BY_ID = "SELECT " + COLUMNS + " FROM tenants WHERE id = $1 AND status <> 'deleted'";

  static final String BY_SLUG = "SELECT " + COLUMNS + " FROM tenants WHERE slug = $1 AND status <> 'deleted'";

  /** Partial update at an optional expected version ($7 null = any). */
  static final String UPDATE = "UPDATE tenants SET name = coalesce($2, name), plan = coalesce($3, plan), "
      + "billing_email = coalesce($4, billing_email), billing_address = coalesce($5, billing_address), "
      + "tax_id = coalesce($6, tax_id), version = version + 1, updated_at = now() "
      + "WHERE id = $1 AND status <> 'deleted' AND ($7::int IS NULL OR version = $7) RETURNING " + COLUMNS;

  static final String SET_STATUS = "UPDATE tenants SET status = $2, version = version + 1, updated_at = now() "
      + "WHERE id = $1 AND status <> 'deleted' RETURNING " + COLUMNS;

  /** Waits for a purge holding the row; a purged tenant is gone and answers no row. */
  static final String RESTORE = "UPDATE tenants SET status = coalesce(status_before_delete, 'active'), "
      + "status_before_delete = NULL, deleted_at = NULL, version = version + 1, updated_at = now() "
      + "WHERE id = $1 AND status = 'deleted' RETURNING " + COLUMNS;

  static final String LIST_ALL = "SELECT " + COLUMNS + " FROM tenants WHERE status <> 'deleted' "
      + "AND ($1::uuid IS NULL OR id < $1) ORDER BY id DESC LIMIT $2";

  /** The tenant's IP lists from its settings (read in the tenant's own context). */
  static final String IP_LISTS = "SELECT key, value FROM tenant_settings WHERE tenant_id = $1 "
      + "AND key IN ('security.ip_allow', 'security.ip_deny')";

  static final String PLAN_EXISTS = "SELECT 1 FROM plans WHERE code = $1";

  private TenantSql() {}
}
