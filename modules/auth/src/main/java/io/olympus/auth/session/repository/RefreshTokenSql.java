package io.olympus.auth.session.repository;

/** SQL of refresh tokens and their families; read only by {@link RefreshTokenRepository}. */
final class RefreshTokenSql {

  static final String INSERT_FAMILY = """
      INSERT INTO auth_refresh_token_families (id, tenant_id, user_id, session_id, amr, generation, created_at, expires_at)
      VALUES ($1, $2, $3, $4, $5, 0, $6, $7)
      """;

  static final String INSERT_TOKEN = """
      INSERT INTO auth_refresh_tokens (token_hash, tenant_id, family_id, generation, created_at)
      VALUES ($1, $2, $3, $4, $5)
      """;

  /** Locks the family of a token: concurrent refreshes of one family run one after the other. */
  static final String LOCK_FAMILY_OF_TOKEN = """
      SELECT id FROM auth_refresh_token_families
      WHERE tenant_id = $2
        AND id = (SELECT family_id FROM auth_refresh_tokens WHERE token_hash = $1 AND tenant_id = $2)
      FOR UPDATE
      """;

  /** Read after the lock, so (read committed) it sees every refresh committed before it. */
  static final String SELECT_TOKEN_STATE = """
      SELECT t.family_id, t.generation, t.rotated_at, t.successor_enc,
             f.user_id, f.session_id, f.amr, f.generation AS family_generation, f.expires_at, f.revoked_at,
             u.roles, u.email_verified
      FROM auth_refresh_tokens t
      JOIN auth_refresh_token_families f ON f.id = t.family_id AND f.tenant_id = t.tenant_id
      JOIN auth_users u ON u.id = f.user_id AND u.tenant_id = f.tenant_id
      WHERE t.token_hash = $1 AND t.tenant_id = $2
      """;

  static final String MARK_ROTATED = """
      UPDATE auth_refresh_tokens SET rotated_at = $3, successor_enc = $4
      WHERE token_hash = $1 AND tenant_id = $2
      """;

  static final String ADVANCE_FAMILY = """
      UPDATE auth_refresh_token_families SET generation = $3
      WHERE id = $1 AND tenant_id = $2
      """;

  /** Successor pairs are needed only inside the grace window: forget the older ones. */
  static final String FORGET_OLD_SUCCESSORS = """
      UPDATE auth_refresh_tokens SET successor_enc = NULL
      WHERE family_id = $1 AND tenant_id = $2 AND successor_enc IS NOT NULL AND rotated_at < $3
      """;

  static final String REVOKE_FAMILY = """
      UPDATE auth_refresh_token_families SET revoked_at = $3, revoked_reason = $4
      WHERE id = $1 AND tenant_id = $2 AND revoked_at IS NULL
      """;

  static final String FORGET_ALL_SUCCESSORS = """
      UPDATE auth_refresh_tokens SET successor_enc = NULL
      WHERE family_id = $1 AND tenant_id = $2 AND successor_enc IS NOT NULL
      """;

  static final String REVOKE_SESSION_FAMILIES = """
      UPDATE auth_refresh_token_families SET revoked_at = $3, revoked_reason = $4
      WHERE session_id = $1 AND tenant_id = $2 AND revoked_at IS NULL
      RETURNING id
      """;

  private RefreshTokenSql() {}
}
