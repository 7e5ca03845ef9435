package io.olympus.platform.tenant;

/** SQL of the tenant registry; read only by {@link TenantRepository}. */
final class TenantSql {

  static final String COLUMNS =
      "id, slug, name, plan, status, billing_email, billing_address, tax_id, version, created_at, updated_at";

  static final String INSERT = "INSERT INTO tenants (id, slug, name, plan, billing_email) VALUES ($1, $2, $3, $4, $5) "
      + "RETURNING " + COLUMNS;

  static final String BY_ID = "SELECT " + COLUMNS + " FROM tenants WHERE id = $1 AND status <> 'deleted'";

  static final String BY_SLUG = "SELECT " + COLUMNS + " FROM tenants WHERE slug = $1 AND status <> 'deleted'";

  static final String PLAN_EXISTS = "SELECT 1 FROM plans WHERE code = $1";

  private TenantSql() {}
}
