-- An idempotency key is claimed inside the transaction of the change it guards, not in a transaction of its own before
-- it: olympus_idempotency_open goes out first in the change's transaction (pipelined with the change's first
-- statements) and olympus_idempotency_store writes the key's row, answer included, right before the COMMIT. Between the
-- two the transaction holds an advisory lock on the key (tenant, route, key), so a concurrent request with the same key
-- is refused at once (in flight) instead of waiting for the first. (A route whose changes claim in a transaction of
-- their own, payments, keeps IdempotencySql.CLAIM; a route uses one way or the other.) Both raise
-- an error with their own SQLSTATE so that the rest of the pipelined transaction fails with them and rolls back:
--   OI409  the key is held by a transaction in flight
--   OI200  the key has a row that is not free: an answer to replay (or refuse, for another body), or a claim in flight
--          of a request that claims in a transaction of its own (a payment) and has not lapsed
-- A rolled-back change leaves nothing behind: the key is free at once.
CREATE FUNCTION olympus_idempotency_open(p_tenant uuid, p_key text, p_route text) RETURNS boolean
  LANGUAGE plpgsql
AS $$
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtextextended('olympus.idempotency:' || p_tenant::text || ':' || p_route || ':'
      || p_key, 0)) THEN
    RAISE EXCEPTION 'idempotency key in flight' USING ERRCODE = 'OI409';
  END IF;
  IF EXISTS (SELECT 1 FROM idempotency_keys WHERE tenant_id = p_tenant AND idempotency_key = p_key AND route = p_route
      AND expires_at > now() AND NOT (status = 'in_flight' AND locked_until <= now())) THEN
    RAISE EXCEPTION 'idempotency key already used' USING ERRCODE = 'OI200';
  END IF;
  RETURN true;
END
$$;

-- Stores the answer of the change under the key opened in this transaction: a new row, or over the row of an expired
-- key or a lapsed claim. Raises OI409 when the row is not free (no answer is stored: the change must not commit).
CREATE FUNCTION olympus_idempotency_store(p_tenant uuid, p_key text, p_route text, p_hash bytea, p_claim uuid,
    p_ttl_seconds double precision, p_status integer, p_headers jsonb, p_body bytea) RETURNS boolean
  LANGUAGE plpgsql
AS $$
BEGIN
  INSERT INTO idempotency_keys AS k (tenant_id, idempotency_key, route, request_hash, status, claim_id, locked_until,
      response_status, response_headers, response_body, expires_at)
  VALUES (p_tenant, p_key, p_route, p_hash, 'completed', p_claim, now(), p_status, p_headers, p_body,
      now() + make_interval(secs => p_ttl_seconds))
  ON CONFLICT (tenant_id, idempotency_key, route) DO UPDATE SET request_hash = EXCLUDED.request_hash,
      status = 'completed', claim_id = EXCLUDED.claim_id, locked_until = EXCLUDED.locked_until,
      response_status = EXCLUDED.response_status, response_headers = EXCLUDED.response_headers,
      response_body = EXCLUDED.response_body, created_at = now(), expires_at = EXCLUDED.expires_at
    WHERE k.expires_at <= now() OR (k.status = 'in_flight' AND k.locked_until <= now());
  IF NOT FOUND THEN
    RAISE EXCEPTION 'idempotency key taken over' USING ERRCODE = 'OI409';
  END IF;
  RETURN true;
END
$$;
