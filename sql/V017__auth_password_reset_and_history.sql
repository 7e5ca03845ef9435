-- Mailed password reset tokens: single use, 1 hour; only the SHA-256 of the token is stored.
CREATE TABLE auth_password_reset_tokens (
  token_hash  bytea       PRIMARY KEY CHECK (length(token_hash) = 32),
  tenant_id   uuid        NOT NULL,
  user_id     uuid        NOT NULL REFERENCES auth_users (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz
);
CREATE INDEX auth_password_reset_tokens_user_idx ON auth_password_reset_tokens (tenant_id, user_id);
SELECT olympus_enable_tenant_rls('auth_password_reset_tokens');

-- Earlier password hashes (Argon2id) of a user: a new password may not match the last few.
CREATE TABLE auth_password_history (
  id             uuid        PRIMARY KEY,
  tenant_id      uuid        NOT NULL,
  user_id        uuid        NOT NULL REFERENCES auth_users (id) ON DELETE CASCADE,
  password_hash  text        NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX auth_password_history_user_idx ON auth_password_history (tenant_id, user_id, id DESC);
SELECT olympus_enable_tenant_rls('auth_password_history');
