-- TOTP second factor (RFC 6238): one authenticator per user. The shared secret is AES-256-GCM encrypted
-- under AUTH_KEY_ENCRYPTION_KEY, bound to the user id. confirmed_at is set once the user proved the
-- authenticator works with a first code; only then is MFA enabled. last_step is the last time step whose
-- code was accepted: a code of that step or an earlier one is refused (no replay).
CREATE TABLE auth_mfa_totp (
  tenant_id    uuid        NOT NULL,
  user_id      uuid        NOT NULL REFERENCES auth_users (id) ON DELETE CASCADE,
  secret_enc   bytea       NOT NULL,
  confirmed_at timestamptz,
  last_step    bigint      NOT NULL DEFAULT 0,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id)
);
CREATE INDEX auth_mfa_totp_tenant_idx ON auth_mfa_totp (tenant_id, user_id);
SELECT olympus_enable_tenant_rls('auth_mfa_totp');

-- Single-use backup codes: only the SHA-256 of each code (with the user id) is stored.
-- Regenerating deletes the old set.
CREATE TABLE auth_mfa_backup_codes (
  code_hash   bytea       PRIMARY KEY CHECK (length(code_hash) = 32),
  tenant_id   uuid        NOT NULL,
  user_id     uuid        NOT NULL REFERENCES auth_users (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  used_at     timestamptz
);
CREATE INDEX auth_mfa_backup_codes_user_idx ON auth_mfa_backup_codes (tenant_id, user_id);
SELECT olympus_enable_tenant_rls('auth_mfa_backup_codes');
