-- API keys: olym_<prefix>_<secret>. The prefix (public, unique) finds the row; only the SHA-256 of the
-- secret is stored (the secret is 32 random bytes, so a fast hash is enough). The key acts for its creator
-- with at most the listed scopes. last_used_at is flushed from Redis periodically, not written per request.
CREATE TABLE auth_api_keys (
  id            uuid        PRIMARY KEY,
  tenant_id     uuid        NOT NULL,
  user_id       uuid        NOT NULL REFERENCES auth_users (id) ON DELETE CASCADE,
  name          text        NOT NULL,
  prefix        text        NOT NULL UNIQUE,
  secret_hash   bytea       NOT NULL CHECK (length(secret_hash) = 32),
  scopes        text[]      NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz,
  last_used_at  timestamptz,
  revoked_at    timestamptz
);
CREATE INDEX auth_api_keys_tenant_idx ON auth_api_keys (tenant_id, id DESC);
SELECT olympus_enable_tenant_rls('auth_api_keys');
