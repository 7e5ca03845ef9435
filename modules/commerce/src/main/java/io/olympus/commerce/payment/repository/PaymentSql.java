package io.olympus.commerce.payment.repository;

/** The payment slice's SQL, read only by {@link PaymentRepository}. */
final class PaymentSql {

  static final String COLUMNS = "id, order_id, provider, provider_payment_id, idempotency_key, status, capture_mode, "
      + "currency, amount, authorized_amount, captured_amount, refunded_amount, disputed_amount, fee_amount, "
      + "payment_method, customer_id, decline_code, failure_message, requested_action, requested_amount, "
      + "authorization_expires_at, version, created_at, updated_at";

  /** A pending payment, once per idempotency key: a repeated key inserts nothing and answers no row. */
  static final String INSERT_PENDING = "INSERT INTO payments (tenant_id, id, order_id, provider, idempotency_key, "
      + "status, capture_mode, currency, amount, payment_method, customer_id) "
      + "VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, $8, $9, $10) "
      + "ON CONFLICT (tenant_id, idempotency_key) DO NOTHING RETURNING " + COLUMNS;

  static final String FIND = "SELECT " + COLUMNS + " FROM payments WHERE tenant_id = $1 AND id = $2";
  static final String LOCK = FIND + " FOR UPDATE";
  static final String FIND_BY_KEY = "SELECT " + COLUMNS + " FROM payments WHERE tenant_id = $1 "
      + "AND idempotency_key = $2";
  static final String LOCK_BY_PROVIDER_ID = "SELECT " + COLUMNS + " FROM payments WHERE tenant_id = $1 "
      + "AND provider = $2 AND provider_payment_id = $3 FOR UPDATE";
  static final String LIST_BY_ORDER = "SELECT " + COLUMNS + " FROM payments WHERE tenant_id = $1 AND order_id = $2 "
      + "ORDER BY id";
  static final String LOCK_BY_ORDER = LIST_BY_ORDER + " FOR UPDATE";

  /** What the order's payments hold or may still take: pending and uncaptured authorized amounts. */
  static final String IN_FLIGHT = "SELECT coalesce(sum(CASE WHEN status = 'pending' THEN amount "
      + "ELSE authorized_amount END), 0) FROM payments WHERE tenant_id = $1 AND order_id = $2 "
      + "AND status IN ('pending', 'authorized')";

  static final String SETTLE = "UPDATE payments SET status = $3, provider_payment_id = coalesce($4, provider_payment_id), "
      + "authorized_amount = $5, captured_amount = $6, fee_amount = coalesce($7, fee_amount), decline_code = $8, "
      + "failure_message = $9, authorization_expires_at = $10, requested_action = NULL, requested_amount = NULL, "
      + "requested_at = NULL, version = version + 1, updated_at = now() WHERE tenant_id = $1 AND id = $2 "
      + "RETURNING " + COLUMNS;

  static final String REQUEST_ACTION = "UPDATE payments SET requested_action = $3, requested_amount = $4, "
      + "requested_at = now(), updated_at = now() WHERE tenant_id = $1 AND id = $2 RETURNING " + COLUMNS;

  static final String ADD_REFUNDED = "UPDATE payments SET refunded_amount = refunded_amount + $3, "
      + "version = version + 1, updated_at = now() WHERE tenant_id = $1 AND id = $2 RETURNING " + COLUMNS;

  static final String ADD_DISPUTED = "UPDATE payments SET disputed_amount = greatest(0, disputed_amount + $3), "
      + "version = version + 1, updated_at = now() WHERE tenant_id = $1 AND id = $2 RETURNING " + COLUMNS;

  static final String REFUND_COLUMNS = "id, payment_id, idempotency_key, status, currency, amount, reason, "
      + "provider_refund_id, failure_reason, created_at";

  static final String INSERT_REFUND = "INSERT INTO payment_refunds (tenant_id, id, payment_id, idempotency_key, status, "
      + "currency, amount, reason) VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7) RETURNING " + REFUND_COLUMNS;
  static final String FIND_REFUND_BY_KEY = "SELECT " + REFUND_COLUMNS + " FROM payment_refunds WHERE tenant_id = $1 "
      + "AND payment_id = $2 AND idempotency_key = $3";
  static final String LOCK_REFUND = "SELECT " + REFUND_COLUMNS + " FROM payment_refunds WHERE tenant_id = $1 "
      + "AND id = $2 FOR UPDATE";
  static final String LOCK_REFUND_BY_PROVIDER_ID = "SELECT " + REFUND_COLUMNS + " FROM payment_refunds "
      + "WHERE tenant_id = $1 AND provider_refund_id = $2 FOR UPDATE";
  /** Keeps the provider's id of a refund still pending at the provider (its notifications name it by that id). */
  static final String NAME_PENDING_REFUND = "UPDATE payment_refunds SET provider_refund_id = $3, updated_at = now() "
      + "WHERE tenant_id = $1 AND id = $2 AND status = 'pending' RETURNING " + REFUND_COLUMNS;
  static final String PENDING_REFUNDS = "SELECT coalesce(sum(amount), 0) FROM payment_refunds WHERE tenant_id = $1 "
      + "AND payment_id = $2 AND status = 'pending'";
  static final String SETTLE_REFUND = "UPDATE payment_refunds SET status = $3, provider_refund_id = $4, "
      + "failure_reason = $5, updated_at = now() WHERE tenant_id = $1 AND id = $2 RETURNING " + REFUND_COLUMNS;
  static final String REFUNDS_OF = "SELECT " + REFUND_COLUMNS + " FROM payment_refunds WHERE tenant_id = $1 "
      + "AND payment_id = $2 ORDER BY id";

  static final String LEDGER_COLUMNS = "id, payment_id, order_id, entry_type, amount, currency, reference, created_at";
  static final String INSERT_LEDGER = "INSERT INTO payment_ledger (tenant_id, id, payment_id, order_id, entry_type, "
      + "amount, currency, reference) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
  static final String LEDGER_OF = "SELECT " + LEDGER_COLUMNS + " FROM payment_ledger WHERE tenant_id = $1 "
      + "AND payment_id = $2 ORDER BY created_at, id";

  static final String DISPUTE_COLUMNS = "id, payment_id, order_id, provider, provider_dispute_id, status, currency, "
      + "amount, reason, evidence_due_by, evidence, last_event_at, created_at";
  static final String LOCK_DISPUTE_BY_PROVIDER_ID = "SELECT " + DISPUTE_COLUMNS + " FROM payment_disputes "
      + "WHERE tenant_id = $1 AND provider = $2 AND provider_dispute_id = $3 FOR UPDATE";
  static final String FIND_DISPUTE = "SELECT " + DISPUTE_COLUMNS + " FROM payment_disputes WHERE tenant_id = $1 "
      + "AND id = $2";
  static final String INSERT_DISPUTE = "INSERT INTO payment_disputes (tenant_id, id, payment_id, order_id, provider, "
      + "provider_dispute_id, status, currency, amount, reason, evidence_due_by, last_event_at) "
      + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING " + DISPUTE_COLUMNS;
  static final String UPDATE_DISPUTE = "UPDATE payment_disputes SET status = $3, evidence_due_by = "
      + "coalesce($4, evidence_due_by), last_event_at = greatest(last_event_at, $5), evidence = coalesce($6, evidence), "
      + "updated_at = now() WHERE tenant_id = $1 AND id = $2 RETURNING " + DISPUTE_COLUMNS;
  static final String DISPUTES_OF = "SELECT " + DISPUTE_COLUMNS + " FROM payment_disputes WHERE tenant_id = $1 "
      + "AND payment_id = $2 ORDER BY id";

  /**
   * A captured payment of order {@code o} has something left to refund, and no refund of the order is in flight or
   * was refused when asked for by a cancellation (that one needs a person).
   */
  private static final String OWES_REFUND = "EXISTS (SELECT 1 FROM payments p WHERE p.tenant_id = o.tenant_id "
      + "AND p.order_id = o.id AND p.status = 'captured' AND p.captured_amount > p.refunded_amount) "
      + "AND NOT EXISTS (SELECT 1 FROM payment_refunds r JOIN payments p ON p.tenant_id = r.tenant_id "
      + "AND p.id = r.payment_id WHERE r.tenant_id = o.tenant_id AND p.order_id = o.id AND (r.status = 'pending' "
      + "OR r.status = 'failed' AND r.idempotency_key LIKE 'order-cancel:%')) ";
  /** Payment {@code p} is an authorization still held for cancelled order {@code o}. */
  private static final String HELD_FOR_CANCELLED = "p.status = 'authorized' AND p.requested_action IS NULL "
      + "AND o.status = 'cancelled' ";

  /**
   * Tenants with payments to settle: pending, or a capture/void requested, since before the cut-off; authorizations
   * expired; refunds pending; orders whose cancellation is owed a refund or a void.
   */
  static final String TENANTS_TO_RECONCILE = "SELECT DISTINCT tenant_id FROM payments "
      + "WHERE (status = 'pending' OR requested_action IS NOT NULL) "
      + "AND coalesce(requested_at, created_at) < now() - $1 * interval '1 second' "
      + "UNION SELECT DISTINCT tenant_id FROM payments WHERE status = 'authorized' AND authorization_expires_at <= now() "
      + "UNION SELECT DISTINCT tenant_id FROM payment_refunds WHERE status = 'pending' "
      + "AND created_at < now() - $1 * interval '1 second' "
      + "UNION SELECT DISTINCT o.tenant_id FROM orders o WHERE o.refund_owed_amount > 0 AND " + OWES_REFUND
      + "UNION SELECT DISTINCT p.tenant_id FROM payments p JOIN orders o ON o.tenant_id = p.tenant_id "
      + "AND o.id = p.order_id WHERE " + HELD_FOR_CANCELLED + "LIMIT $2";

  /**
   * Orders of a tenant whose cancellation the payments still owe: a refund of what was paid ({@code
   * refund_owed_amount}) from a captured payment, or the void of an authorization of a cancelled order.
   */
  static final String CANCELLATIONS_TO_SETTLE = "SELECT o.id FROM orders o WHERE o.tenant_id = $1 "
      + "AND o.refund_owed_amount > 0 AND " + OWES_REFUND
      + "UNION SELECT p.order_id FROM payments p JOIN orders o ON o.tenant_id = p.tenant_id AND o.id = p.order_id "
      + "WHERE p.tenant_id = $1 AND " + HELD_FOR_CANCELLED + "LIMIT $2";

  static final String UNSETTLED = "SELECT " + COLUMNS + " FROM payments WHERE tenant_id = $1 "
      + "AND (status = 'pending' OR requested_action IS NOT NULL) "
      + "AND coalesce(requested_at, created_at) < now() - $2 * interval '1 second' ORDER BY created_at LIMIT $3";
  static final String EXPIRED = "SELECT " + COLUMNS + " FROM payments WHERE tenant_id = $1 AND status = 'authorized' "
      + "AND authorization_expires_at <= now() ORDER BY authorization_expires_at LIMIT $2";
  static final String STALE_REFUNDS = "SELECT " + REFUND_COLUMNS + " FROM payment_refunds WHERE tenant_id = $1 "
      + "AND status = 'pending' AND created_at < now() - $2 * interval '1 second' ORDER BY created_at LIMIT $3";

  /**
   * Orders created in [from, to) with payments whose ledger (captures less refunds) does not add up to the order's
   * paid amount.
   */
  static final String MISMATCHES = "SELECT o.id, o.number, o.currency, o.payment_status, o.paid_amount, "
      + "l.captured, l.refunded, l.captured + l.refunded AS ledger_net FROM orders o "
      + "JOIN (SELECT order_id, coalesce(sum(amount) FILTER (WHERE entry_type = 'capture'), 0) AS captured, "
      + "coalesce(sum(amount) FILTER (WHERE entry_type = 'refund'), 0) AS refunded "
      + "FROM payment_ledger WHERE tenant_id = $1 GROUP BY order_id) l ON l.order_id = o.id "
      + "WHERE o.tenant_id = $1 AND o.created_at >= $2 AND o.created_at < $3 "
      + "AND o.paid_amount <> l.captured + l.refunded ORDER BY o.number LIMIT 1000";

  static final String SETTINGS = "SELECT refund_large_amounts FROM payment_settings WHERE tenant_id = $1";
  static final String UPSERT_SETTINGS = "INSERT INTO payment_settings (tenant_id, refund_large_amounts) VALUES ($1, $2) "
      + "ON CONFLICT (tenant_id) DO UPDATE SET refund_large_amounts = EXCLUDED.refund_large_amounts, updated_at = now() "
      + "RETURNING refund_large_amounts";

  static final String METHOD_COLUMNS = "id, customer_id, provider, reference, customer_reference, brand, last4, "
      + "exp_month, exp_year, created_at";
  static final String INSERT_METHOD = "INSERT INTO payment_methods (tenant_id, id, customer_id, provider, reference, "
      + "customer_reference, brand, last4, exp_month, exp_year) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
      + "RETURNING " + METHOD_COLUMNS;
  static final String METHODS_OF = "SELECT " + METHOD_COLUMNS + " FROM payment_methods WHERE tenant_id = $1 "
      + "AND customer_id = $2 ORDER BY id";
  static final String FIND_METHOD = "SELECT " + METHOD_COLUMNS + " FROM payment_methods WHERE tenant_id = $1 "
      + "AND id = $2";
  static final String DELETE_METHOD = "DELETE FROM payment_methods WHERE tenant_id = $1 AND customer_id = $2 "
      + "AND id = $3";

  private PaymentSql() {}
}
