package io.olympus.auth.password.repository;

/** SQL of password reset tokens and password history; read only by {@link PasswordRepository}. */
final class PasswordSql {

  static final String SPEND_OPEN_TOKENS = """
      UPDATE auth_password_reset_tokens SET used_at = now() WHERE tenant_id = $1 AND user_id = $2 AND used_at IS NULL
      """;

  static final String INSERT_TOKEN = """
      INSERT INTO auth_password_reset_tokens (token_hash, tenant_id, user_id, expires_at) VALUES ($1, $2, $3, $4)
      """;

  static final String FIND_TOKEN = """
      SELECT user_id FROM auth_password_reset_tokens
      WHERE token_hash = $1 AND tenant_id = $2 AND used_at IS NULL AND expires_at > now()
      """;

  static final String SPEND_TOKEN = """
      UPDATE auth_password_reset_tokens SET used_at = now()
      WHERE token_hash = $1 AND tenant_id = $2 AND user_id = $3 AND used_at IS NULL AND expires_at > now()
      """;

  static final String RECENT = """
      SELECT password_hash FROM auth_password_history WHERE tenant_id = $1 AND user_id = $2 ORDER BY id DESC LIMIT $3
      """;

  static final String INSERT_HISTORY = """
      INSERT INTO auth_password_history (id, tenant_id, user_id, password_hash) VALUES ($1, $2, $3, $4)
      """;

  static final String PRUNE_HISTORY = """
      DELETE FROM auth_password_history WHERE tenant_id = $1 AND user_id = $2 AND id NOT IN (
        SELECT id FROM auth_password_history WHERE tenant_id = $1 AND user_id = $2 ORDER BY id DESC LIMIT $3)
      """;

  /** Replaces the hash only when it is still the one the change was checked against (no lost update). */
  static final String UPDATE_HASH = """
      UPDATE auth_users SET password_hash = $4, updated_at = now()
      WHERE tenant_id = $1 AND id = $2 AND password_hash IS NOT DISTINCT FROM $3
      """;

  private PasswordSql() {}
}
