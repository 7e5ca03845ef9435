package io.olympus.common.http.idempotency;

/** The statements of the idempotency key store; {@code $1} is always the tenant. */
final class IdempotencySql {

  private IdempotencySql() {}

  /**
   * The claim's transaction commits without waiting for its WAL flush: losing it in a crash loses only a claim whose
   * request had no answer yet, and the change that completes it commits (and flushes) after it — a flush writes the
   * log up to that point, the claim's commit included — so a completed key is never lost.
   */
  static final String ASYNC_COMMIT = "SELECT set_config('synchronous_commit', 'off', true)";

  /**
   * Claims the key for this request: a new row, or the row of a key that has expired or whose earlier claim lapsed
   * (a request that crashed in flight). Returns a row exactly when the claim is this request's.
   */
  static final String CLAIM = "INSERT INTO idempotency_keys (tenant_id, idempotency_key, route, request_hash, status, "
      + "claim_id, locked_until, expires_at) "
      + "VALUES ($1, $2, $3, $4, 'in_flight', $5, now() + make_interval(secs => $6), now() + make_interval(secs => $7)) "
      + "ON CONFLICT (tenant_id, idempotency_key, route) DO UPDATE SET request_hash = EXCLUDED.request_hash, "
      + "status = 'in_flight', claim_id = EXCLUDED.claim_id, locked_until = EXCLUDED.locked_until, "
      + "response_status = NULL, response_headers = NULL, response_body = NULL, created_at = now(), "
      + "expires_at = EXCLUDED.expires_at "
      + "WHERE idempotency_keys.expires_at <= now() "
      + "OR (idempotency_keys.status = 'in_flight' AND idempotency_keys.locked_until <= now()) "
      + "RETURNING claim_id";

  /**
   * Opens the key in the change's transaction: takes the key's advisory lock and checks that it has no live row;
   * fails with {@link #IN_FLIGHT} or {@link #USED} otherwise (see the migration that defines it).
   */
  static final String OPEN = "SELECT olympus_idempotency_open($1, $2, $3)";

  /** Writes the key's row with the change's answer, right before the change's COMMIT; fails with {@link #IN_FLIGHT}. */
  static final String STORE = "SELECT olympus_idempotency_store($1, $2, $3, $4, $5, $6, $7, $8, $9)";

  /** SQLSTATE of {@link #OPEN} and {@link #STORE}: the key is held by another transaction. */
  static final String IN_FLIGHT = "OI409";

  /** SQLSTATE of {@link #OPEN}: the key has a row that is not free (an answer, or another request's claim). */
  static final String USED = "OI200";

  static final String FIND = "SELECT request_hash, status, response_status, response_headers, response_body "
      + "FROM idempotency_keys WHERE tenant_id = $1 AND idempotency_key = $2 AND route = $3";

  /** Stores the answer on the claim that is still this request's; no row when another request took the key over. */
  static final String COMPLETE = "UPDATE idempotency_keys SET status = 'completed', response_status = $5, "
      + "response_headers = $6, response_body = $7 "
      + "WHERE tenant_id = $1 AND idempotency_key = $2 AND route = $3 AND claim_id = $4 AND status = 'in_flight'";

  static final String RELEASE = "DELETE FROM idempotency_keys "
      + "WHERE tenant_id = $1 AND idempotency_key = $2 AND route = $3 AND claim_id = $4 AND status = 'in_flight'";

  /** Run in the system context (the table's {@code system_sweep} policy lets it read every tenant's keys). */
  static final String TENANTS_WITH_EXPIRED = "SELECT DISTINCT tenant_id FROM idempotency_keys "
      + "WHERE expires_at <= now() LIMIT $1";

  static final String DELETE_EXPIRED = "DELETE FROM idempotency_keys WHERE tenant_id = $1 AND ctid IN ("
      + "SELECT ctid FROM idempotency_keys WHERE tenant_id = $1 AND expires_at <= now() LIMIT $2)";
}
