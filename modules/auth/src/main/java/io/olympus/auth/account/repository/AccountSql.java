package io.olympus.auth.account.repository;

/** SQL of accounts and mailed tokens; read only by {@link AccountRepository}. */
final class AccountSql {

  static final String COLUMNS = "id, tenant_id, email, display_name, password_hash, email_verified, roles, status";

  static final String INSERT = """
      INSERT INTO auth_users (id, tenant_id, email, display_name, password_hash, email_verified, email_verified_at, roles)
      VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $6 THEN now() END, $7)
      RETURNING id, tenant_id, email, display_name, password_hash, email_verified, roles, status
      """;

  static final String BY_EMAIL = "SELECT " + COLUMNS + " FROM auth_users WHERE tenant_id = $1 AND lower(email) = $2";

  static final String BY_ID = "SELECT " + COLUMNS + " FROM auth_users WHERE tenant_id = $1 AND id = $2";

  static final String MARK_VERIFIED = """
      UPDATE auth_users SET email_verified = true, email_verified_at = now(), updated_at = now()
      WHERE tenant_id = $1 AND id = $2
      """;

  static final String UPDATE_HASH = "UPDATE auth_users SET password_hash = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2";

  static final String INSERT_TOKEN = """
      INSERT INTO auth_email_tokens (token_hash, tenant_id, user_id, purpose, expires_at) VALUES ($1, $2, $3, $4, $5)
      """;

  /** Spends a token: only an unused, unexpired one of the right purpose; returns its user. */
  static final String SPEND_TOKEN = """
      UPDATE auth_email_tokens SET used_at = now()
      WHERE token_hash = $1 AND tenant_id = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > now()
      RETURNING user_id
      """;

  /** A new verification mail makes the earlier links useless. */
  static final String SPEND_OTHERS = """
      UPDATE auth_email_tokens SET used_at = now()
      WHERE tenant_id = $1 AND user_id = $2 AND purpose = $3 AND used_at IS NULL
      """;

  /**
   * Records a sign-in on an active account. It takes the row lock, so it waits for a deactivation in flight and
   * then finds no active row: a sign-in racing a deactivation always notices it (see {@code LoginService}).
   */
  static final String RECORD_SIGN_IN = """
      UPDATE auth_users SET last_login_at = now(), last_seen_at = now()
      WHERE tenant_id = $1 AND id = $2 AND status = 'active'
      RETURNING id
      """;

  static final String RECORD_SEEN = """
      UPDATE auth_users SET last_seen_at = now() WHERE tenant_id = $1 AND id = $2 AND status = 'active'
      """;

  private AccountSql() {}
}
