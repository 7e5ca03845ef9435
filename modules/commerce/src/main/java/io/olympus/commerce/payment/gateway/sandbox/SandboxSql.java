package io.olympus.commerce.payment.gateway.sandbox;

/** The sandbox provider's statements over its own tables ({@code sandbox_payments}, {@code sandbox_refunds}). */
final class SandboxSql {

  static final String COLUMNS = "reference, provider_payment_id, token, capture_mode, status, currency, "
      + "authorized_amount, captured_amount, refunded_amount, decline_code, attempts, dispute_id, dispute_status, "
      + "settles_at, settles_at <= now() AS settled";

  /**
   * Records a payment once per reference; a repeated reference changes nothing and answers no row. {@code $12}: in
   * how many milliseconds its dispute opens (null: none).
   */
  static final String INSERT = "INSERT INTO sandbox_payments (tenant_id, reference, provider_payment_id, token, "
      + "capture_mode, status, currency, authorized_amount, captured_amount, decline_code, settles_at, "
      + "dispute_opens_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now() + $11 * interval '1 millisecond', "
      + "now() + $12 * interval '1 millisecond') ON CONFLICT (tenant_id, reference) DO NOTHING RETURNING " + COLUMNS;

  /** Opens the due dispute of a payment, once: answers no row when it is open already or none is due. */
  static final String OPEN_DUE_DISPUTE = "UPDATE sandbox_payments SET dispute_id = $3, dispute_status = 'needs_response', "
      + "dispute_opens_at = NULL WHERE tenant_id = $1 AND reference = $2 AND dispute_id IS NULL "
      + "AND dispute_opens_at IS NOT NULL RETURNING " + COLUMNS;

  /** Sets when a dispute under review closes, and how. */
  static final String SCHEDULE_CLOSE = "UPDATE sandbox_payments SET dispute_closes_at = now() + $3 * interval "
      + "'1 millisecond', dispute_outcome = $4 WHERE tenant_id = $1 AND dispute_id = $2";

  /** Closes a dispute under review with its outcome, once: answers no row when it is not due to close. */
  static final String CLOSE_DUE_DISPUTE = "UPDATE sandbox_payments SET dispute_status = dispute_outcome, "
      + "dispute_closes_at = NULL WHERE tenant_id = $1 AND dispute_id = $2 AND dispute_status = 'under_review' "
      + "AND dispute_closes_at IS NOT NULL RETURNING " + COLUMNS;

  /** Every tenant's disputes whose time to open or close has come (as the system: across tenants). */
  static final String DUE_DISPUTES = "SELECT tenant_id, reference, dispute_id, dispute_id IS NULL AS opening "
      + "FROM sandbox_payments WHERE (dispute_opens_at <= now() AND dispute_id IS NULL) "
      + "OR (dispute_closes_at <= now() AND dispute_status = 'under_review') "
      + "ORDER BY coalesce(dispute_opens_at, dispute_closes_at) LIMIT $1";

  static final String FIND = "SELECT " + COLUMNS + " FROM sandbox_payments WHERE tenant_id = $1 AND reference = $2 "
      + "FOR UPDATE";

  static final String FIND_BY_ID = "SELECT " + COLUMNS + " FROM sandbox_payments WHERE tenant_id = $1 "
      + "AND provider_payment_id = $2 FOR UPDATE";

  static final String FIND_BY_DISPUTE = "SELECT " + COLUMNS + " FROM sandbox_payments WHERE tenant_id = $1 "
      + "AND dispute_id = $2 FOR UPDATE";

  static final String UPDATE = "UPDATE sandbox_payments SET status = $3, authorized_amount = $4, captured_amount = $5, "
      + "refunded_amount = $6, attempts = $7, dispute_id = $8, dispute_status = $9 "
      + "WHERE tenant_id = $1 AND reference = $2 RETURNING " + COLUMNS;

  static final String INSERT_REFUND = "INSERT INTO sandbox_refunds (tenant_id, reference, provider_payment_id, "
      + "provider_refund_id, amount, currency) VALUES ($1, $2, $3, $4, $5, $6) "
      + "ON CONFLICT (tenant_id, reference) DO NOTHING RETURNING provider_refund_id";

  static final String FIND_REFUND = "SELECT provider_refund_id, amount, currency FROM sandbox_refunds "
      + "WHERE tenant_id = $1 AND reference = $2";

  private SandboxSql() {}
}
