package io.olympus.auth.directory;

/** SQL of the administrators' user directory and of seat counting; read only by this package. */
final class UserDirectorySql {

  static final String COLUMNS = "id, tenant_id, email, display_name, status, email_verified, created_at, updated_at, "
      + "deactivated_at, last_login_at, last_seen_at";

  /**
   * One page: optional substring pattern ($2, already lower-cased and escaped, with % around), status ($3), id set
   * ($4) and keyset cursor ($5); creation order (UUID v7 ids).
   */
  static final String PAGE = "SELECT " + COLUMNS + " FROM auth_users WHERE tenant_id = $1"
      + " AND ($2::text IS NULL OR lower(email) LIKE $2 ESCAPE '\\' OR lower(coalesce(display_name, '')) LIKE $2 ESCAPE '\\')"
      + " AND ($3::text IS NULL OR status = $3)"
      + " AND ($4::uuid[] IS NULL OR id = ANY($4::uuid[]))"
      + " AND ($5::uuid IS NULL OR id > $5::uuid)"
      + " ORDER BY id LIMIT $6";

  static final String BY_ID = "SELECT " + COLUMNS + " FROM auth_users WHERE tenant_id = $1 AND id = $2";

  static final String LOCK_BY_ID = BY_ID + " FOR UPDATE";

  /** Locks the owners' rows in one order, so concurrent deactivations of owners serialise without deadlock. */
  static final String LOCK_OWNERS = "SELECT id, status FROM auth_users WHERE tenant_id = $1 AND id = ANY($2::uuid[]) "
      + "ORDER BY id FOR UPDATE";

  static final String UPDATE_NAME = "UPDATE auth_users SET display_name = $3, updated_at = now() "
      + "WHERE tenant_id = $1 AND id = $2 RETURNING " + COLUMNS;

  static final String SET_STATUS = "UPDATE auth_users SET status = $3, "
      + "deactivated_at = CASE WHEN $3 = 'deactivated' THEN now() END, updated_at = now() "
      + "WHERE tenant_id = $1 AND id = $2 RETURNING " + COLUMNS;

  static final String COUNT = "SELECT count(*) FILTER (WHERE status = 'active') AS active, "
      + "count(*) FILTER (WHERE status = 'deactivated') AS deactivated FROM auth_users WHERE tenant_id = $1";

  /** Serialises seat claims of one tenant until the transaction ends (registrations, reactivations). */
  static final String SEAT_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('olympus.auth_users.seats:' || $1::uuid::text, 0))";

  /**
   * The plan's user limit (the plan catalogue is reference data; the tenant row is the tenant's own under row-level
   * security) and the active users now. No row when the tenant is not registered (then there is no limit to apply).
   */
  static final String SEATS = "SELECT p.code, p.max_users, (SELECT count(*) FROM auth_users u "
      + "WHERE u.tenant_id = $1 AND u.status = 'active') AS active FROM tenants t JOIN plans p ON p.code = t.plan "
      + "WHERE t.id = $1";

  private UserDirectorySql() {}
}
