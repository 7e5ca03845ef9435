-- Users of the auth service (minimal for now: identity, password hash, roles), one set per tenant.
CREATE TABLE auth_users (
  id             uuid        PRIMARY KEY,
  tenant_id      uuid        NOT NULL,
  email          text        NOT NULL,
  password_hash  text,
  email_verified boolean     NOT NULL DEFAULT false,
  roles          text[]      NOT NULL DEFAULT '{}',
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX auth_users_tenant_email_uq ON auth_users (tenant_id, lower(email));
CREATE INDEX auth_users_tenant_idx ON auth_users (tenant_id, id);
SELECT olympus_enable_tenant_rls('auth_users');

-- A refresh token family: the chain of refresh tokens of one sign-in (one session). Each refresh rotates
-- the token and bumps generation; presenting an already-rotated token outside the grace window means the
-- token was stolen (or leaked) and revokes the whole family. The family dies 30 days after sign-in
-- (expires_at, absolute), whatever the refreshes.
CREATE TABLE auth_refresh_token_families (
  id             uuid        PRIMARY KEY,
  tenant_id      uuid        NOT NULL,
  user_id        uuid        NOT NULL REFERENCES auth_users (id) ON DELETE CASCADE,
  session_id     uuid        NOT NULL,
  amr            text[]      NOT NULL DEFAULT '{}',
  generation     integer     NOT NULL DEFAULT 0,
  created_at     timestamptz NOT NULL DEFAULT now(),
  expires_at     timestamptz NOT NULL,
  revoked_at     timestamptz,
  revoked_reason text
);
CREATE INDEX auth_refresh_token_families_user_idx ON auth_refresh_token_families (tenant_id, user_id);
CREATE INDEX auth_refresh_token_families_session_idx ON auth_refresh_token_families (tenant_id, session_id);
SELECT olympus_enable_tenant_rls('auth_refresh_token_families');

-- One row per refresh token ever issued. Only the SHA-256 of the opaque token is stored.
-- When a token is rotated, rotated_at is set and the pair issued in its place (refresh + access token) is
-- kept in successor_enc, so that a concurrent refresh with the same token inside the grace window gets the
-- very same pair back. It is AES-256-GCM under a key derived from both AUTH_KEY_ENCRYPTION_KEY and the old
-- token itself (HMAC-SHA256(kek, token)), so it can be opened only by a request that presents the old token,
-- never from a database dump, even one together with the key-encryption key. It is cleared at the next
-- refresh after the grace window.
CREATE TABLE auth_refresh_tokens (
  token_hash    bytea       PRIMARY KEY CHECK (length(token_hash) = 32),
  tenant_id     uuid        NOT NULL,
  family_id     uuid        NOT NULL REFERENCES auth_refresh_token_families (id) ON DELETE CASCADE,
  generation    integer     NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  rotated_at    timestamptz,
  successor_enc bytea,
  UNIQUE (family_id, generation)
);
CREATE INDEX auth_refresh_tokens_tenant_family_idx ON auth_refresh_tokens (tenant_id, family_id);
CREATE INDEX auth_refresh_tokens_successor_idx ON auth_refresh_tokens (rotated_at) WHERE successor_enc IS NOT NULL;
SELECT olympus_enable_tenant_rls('auth_refresh_tokens');
