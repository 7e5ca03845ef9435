-- Token signing keys of the auth service (RS256 or ES256 key pairs, identified by kid).
-- NOT tenant-scoped, on purpose: these are the service's own keys, shared by every tenant's tokens, and
-- hold no tenant data; so no tenant_id and no row-level security. Only the auth service reads this table.
-- The private key is never stored in clear: private_key_enc is AES-256-GCM of the PKCS#8 encoding under
-- AUTH_KEY_ENCRYPTION_KEY (version byte || 12-byte nonce || ciphertext+tag, the kid as associated data).
CREATE TABLE auth_signing_keys (
  kid             text        PRIMARY KEY,
  algorithm       text        NOT NULL CHECK (algorithm IN ('RS256', 'ES256')),
  public_jwk      jsonb       NOT NULL,
  private_key_enc bytea       NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  -- after this instant the key no longer signs new tokens (rotation sets it to the rotation time)
  retire_after    timestamptz NOT NULL,
  -- after this instant no token signed by the key can still be valid: it leaves the JWKS
  expires_at      timestamptz NOT NULL,
  CHECK (retire_after <= expires_at)
);

CREATE INDEX auth_signing_keys_expires_at_idx ON auth_signing_keys (expires_at);
