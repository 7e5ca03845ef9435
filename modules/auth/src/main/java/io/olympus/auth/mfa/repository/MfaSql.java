package io.olympus.auth.mfa.repository;

/** SQL of TOTP enrolments and backup codes; read only by {@link MfaRepository}. */
final class MfaSql {

  static final String FIND = """
      SELECT secret_enc, confirmed_at, last_step FROM auth_mfa_totp WHERE tenant_id = $1 AND user_id = $2
      """;

  /** A fresh enrolment replaces an unconfirmed one; a confirmed one stays (disable first). */
  static final String UPSERT_PENDING = """
      INSERT INTO auth_mfa_totp (tenant_id, user_id, secret_enc) VALUES ($1, $2, $3)
      ON CONFLICT (user_id) DO UPDATE SET secret_enc = EXCLUDED.secret_enc, last_step = 0, created_at = now()
      WHERE auth_mfa_totp.confirmed_at IS NULL AND auth_mfa_totp.tenant_id = EXCLUDED.tenant_id
      """;

  static final String CONFIRM = """
      UPDATE auth_mfa_totp SET confirmed_at = now(), last_step = $3
      WHERE tenant_id = $1 AND user_id = $2 AND confirmed_at IS NULL AND last_step < $3
      """;

  /** Moves last_step forward; no row when another request already used this step or a later one (replay). */
  static final String USE_STEP = """
      UPDATE auth_mfa_totp SET last_step = $3 WHERE tenant_id = $1 AND user_id = $2 AND last_step < $3
      """;

  static final String DELETE = "DELETE FROM auth_mfa_totp WHERE tenant_id = $1 AND user_id = $2";

  static final String DELETE_CODES = "DELETE FROM auth_mfa_backup_codes WHERE tenant_id = $1 AND user_id = $2";

  static final String INSERT_CODE = """
      INSERT INTO auth_mfa_backup_codes (code_hash, tenant_id, user_id) VALUES ($1, $2, $3)
      """;

  static final String SPEND_CODE = """
      UPDATE auth_mfa_backup_codes SET used_at = now()
      WHERE code_hash = $1 AND tenant_id = $2 AND user_id = $3 AND used_at IS NULL
      """;

  static final String COUNT_CODES = """
      SELECT count(*) AS n FROM auth_mfa_backup_codes WHERE tenant_id = $1 AND user_id = $2 AND used_at IS NULL
      """;

  private MfaSql() {}
}
