-- Tamper-evident audit log, written by every service in the same transaction as the change it
-- records. Entries are hash-chained per tenant: hash = sha256(prev_hash | canonical fields), so
-- altering, deleting or reordering an entry breaks every later link. The chain head row serialises
-- writers of one tenant (row lock until commit); tenants do not wait for each other.
CREATE TABLE audit_chain_heads (
  tenant_id  uuid PRIMARY KEY,
  seq        bigint NOT NULL,
  hash       text NOT NULL
);
SELECT olympus_enable_tenant_rls('audit_chain_heads');

CREATE TABLE audit_log (
  id             uuid PRIMARY KEY,
  tenant_id      uuid NOT NULL,
  seq            bigint NOT NULL,
  prev_hash      text NOT NULL,
  hash           text NOT NULL,
  actor_type     text NOT NULL CHECK (actor_type IN ('user', 'api_key', 'system')),
  actor_id       text,
  action         text NOT NULL,
  resource_type  text NOT NULL,
  resource_id    text,
  changes        text NOT NULL,   -- JSON text exactly as hashed
  ip             text,
  request_id     text,
  occurred_at    timestamptz NOT NULL,
  CONSTRAINT audit_log_seq_unique UNIQUE (tenant_id, seq)
);
CREATE INDEX audit_log_tenant_time ON audit_log (tenant_id, occurred_at DESC, id DESC);
CREATE INDEX audit_log_tenant_resource ON audit_log (tenant_id, resource_type, resource_id);
SELECT olympus_enable_tenant_rls('audit_log');
