-- Account details for the auth HTTP flows: a display name and when the email was verified.
ALTER TABLE auth_users ADD COLUMN display_name text;
ALTER TABLE auth_users ADD COLUMN email_verified_at timestamptz;

-- Single-use tokens sent by email (verify the address, unlock a locked account). Only the SHA-256 of
-- the token is stored; a token is spent by setting used_at, once, before it expires.
CREATE TABLE auth_email_tokens (
  token_hash  bytea       PRIMARY KEY CHECK (length(token_hash) = 32),
  tenant_id   uuid        NOT NULL,
  user_id     uuid        NOT NULL REFERENCES auth_users (id) ON DELETE CASCADE,
  purpose     text        NOT NULL CHECK (purpose IN ('verify_email', 'unlock')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz
);
CREATE INDEX auth_email_tokens_user_idx ON auth_email_tokens (tenant_id, user_id, purpose);
SELECT olympus_enable_tenant_rls('auth_email_tokens');
