-- Idempotency keys (Idempotency-Key header on POSTs, Stripe semantics): one row per tenant + key + route
-- (method and operation id). A request claims its key in a short transaction of its own ('in_flight', with
-- a lock that lapses at locked_until so a crashed request does not hold the key for ever); the change then
-- runs in its own transaction and, in that same transaction, completes the row with the answer it gives
-- (status, the headers that matter, body), so an answer is stored exactly when its change commits. A change
-- that fails deletes its claim. A key may be used again once expires_at has passed.
CREATE TABLE idempotency_keys (
  tenant_id         uuid NOT NULL,
  idempotency_key   text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 255),
  route             text NOT NULL,
  request_hash      bytea NOT NULL,
  status            text NOT NULL CHECK (status IN ('in_flight', 'completed')),
  claim_id          uuid NOT NULL,
  locked_until      timestamptz NOT NULL,
  response_status   integer,
  response_headers  jsonb,
  response_body     bytea,
  created_at        timestamptz NOT NULL DEFAULT now(),
  expires_at        timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, idempotency_key, route),
  CONSTRAINT idempotency_keys_completed CHECK (status <> 'completed' OR response_status IS NOT NULL)
);
CREATE INDEX idempotency_keys_expiry_idx ON idempotency_keys (expires_at);
SELECT olympus_enable_tenant_rls('idempotency_keys');
-- the sweeper finds the tenants with expired keys in the system context, then deletes each tenant's own
CREATE POLICY system_sweep ON idempotency_keys FOR SELECT USING (olympus_system_context());
