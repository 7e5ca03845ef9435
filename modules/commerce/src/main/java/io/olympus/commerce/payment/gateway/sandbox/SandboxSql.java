package io.olympus.commerce.payment.gateway.sandbox;

/** The sandbox provider's statements over its own tables ({@code sandbox_payments}, {@code sandbox_refunds}). */
final class SandboxSql {

  static final String COLUMNS = "reference, provider_payment_id, token, capture_mode, status, currency, "
      + "authorized_amount, captured_amount, refunded_amount, decline_code, attempts, dispute_id, dispute_status, "
      + "settles_at, settles_at <= now() AS settled";

  /** Records a payment once per reference; a repeated reference changes nothing and answers no row. */
  static final String INSERT = "INSERT INTO sandbox_payments (tenant_id, reference, provider_payment_id, token, "
      + "capture_mode, status, currency, authorized_amount, captured_amount, decline_code, settles_at) "
      + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now() + $11 * interval '1 millisecond') "
      + "ON CONFLICT (tenant_id, reference) DO NOTHING RETURNING " + COLUMNS;

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
