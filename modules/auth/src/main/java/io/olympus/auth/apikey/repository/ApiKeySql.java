package io.olympus.auth.apikey.repository;

/** SQL of API keys; read only by {@link ApiKeyRepository}. */
final class ApiKeySql {

  static final String COLUMNS =
      "id, tenant_id, user_id, name, prefix, secret_hash, scopes, created_at, expires_at, last_used_at, revoked_at";

  static final String INSERT = """
      INSERT INTO auth_api_keys (id, tenant_id, user_id, name, prefix, secret_hash, scopes, expires_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
      RETURNING """ + " " + COLUMNS;

  /** A key by prefix, only while its creator's account is active (a key acts for its creator). */
  static final String BY_PREFIX = "SELECT " + COLUMNS + " FROM auth_api_keys k WHERE tenant_id = $1 AND prefix = $2 "
      + "AND EXISTS (SELECT 1 FROM auth_users u WHERE u.tenant_id = $1 AND u.id = k.user_id AND u.status = 'active')";

  static final String PAGE = "SELECT " + COLUMNS + """
       FROM auth_api_keys WHERE tenant_id = $1 AND ($2::uuid IS NULL OR id < $2) ORDER BY id DESC LIMIT $3
      """;

  static final String REVOKE = """
      UPDATE auth_api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE tenant_id = $1 AND id = $2
      RETURNING""" + " " + COLUMNS;

  static final String TOUCH = """
      UPDATE auth_api_keys SET last_used_at = greatest(coalesce(last_used_at, $3), $3) WHERE tenant_id = $1 AND id = $2
      """;

  static final String CATALOGUE = "SELECT code FROM permissions WHERE code = ANY($1)";

  private ApiKeySql() {}
}
