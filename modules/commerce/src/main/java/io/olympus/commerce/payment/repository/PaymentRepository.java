package io.olympus.commerce.payment.repository;

import io.olympus.commerce.payment.model.Dispute;
import io.olympus.commerce.payment.model.LedgerEntry;
import io.olympus.commerce.payment.model.LedgerMismatch;
import io.olympus.commerce.payment.model.Payment;
import io.olympus.commerce.payment.model.PaymentMethod;
import io.olympus.commerce.payment.model.Refund;
import io.olympus.commerce.support.Rows;
import io.olympus.common.event.Uuids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** Payments, refunds, disputes, ledger lines, saved methods and settings of a tenant. */
public final class PaymentRepository {

  static final Function<Row, Payment> PAYMENT = row -> new Payment(row.getUUID("id"), row.getUUID("order_id"),
      row.getString("provider"), row.getString("provider_payment_id"), row.getString("idempotency_key"),
      row.getString("status"), row.getString("capture_mode"), row.getString("currency"), row.getLong("amount"),
      row.getLong("authorized_amount"), row.getLong("captured_amount"), row.getLong("refunded_amount"),
      row.getLong("disputed_amount"), row.getLong("fee_amount"), row.getString("payment_method"),
      row.getUUID("customer_id"), row.getString("decline_code"), row.getString("failure_message"),
      row.getString("requested_action"), row.getLong("requested_amount"),
      row.getOffsetDateTime("authorization_expires_at"), row.getInteger("version"),
      row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"), null, null, null);

  static final Function<Row, Refund> REFUND = row -> new Refund(row.getUUID("id"), row.getUUID("payment_id"),
      row.getString("idempotency_key"), row.getString("status"), row.getString("currency"), row.getLong("amount"),
      row.getString("reason"), row.getString("provider_refund_id"), row.getString("failure_reason"),
      row.getOffsetDateTime("created_at"));

  static final Function<Row, LedgerEntry> LEDGER = row -> new LedgerEntry(row.getUUID("id"), row.getUUID("payment_id"),
      row.getUUID("order_id"), row.getString("entry_type"), row.getLong("amount"), row.getString("currency"),
      row.getString("reference"), row.getOffsetDateTime("created_at"));

  static final Function<Row, Dispute> DISPUTE = row -> new Dispute(row.getUUID("id"), row.getUUID("payment_id"),
      row.getUUID("order_id"), row.getString("provider"), row.getString("provider_dispute_id"), row.getString("status"),
      row.getString("currency"), row.getLong("amount"), row.getString("reason"),
      row.getOffsetDateTime("evidence_due_by"), (JsonObject) row.getValue("evidence"),
      row.getOffsetDateTime("last_event_at"), row.getOffsetDateTime("created_at"));

  static final Function<Row, PaymentMethod> METHOD = row -> new PaymentMethod(row.getUUID("id"),
      row.getUUID("customer_id"), row.getString("provider"), row.getString("reference"),
      row.getString("customer_reference"), row.getString("brand"), row.getString("last4"),
      row.getValue("exp_month") == null ? null : row.getInteger("exp_month"),
      row.getValue("exp_year") == null ? null : row.getInteger("exp_year"), row.getOffsetDateTime("created_at"));

  /** Inserts a pending payment; empty when the idempotency key already has one. */
  public Future<Optional<Payment>> insertPending(SqlConnection conn, UUID tenantId, UUID id, UUID orderId,
                                                 String provider, String key, String captureMode, String currency,
                                                 long amount, String method, UUID customerId) {
    return conn.preparedQuery(PaymentSql.INSERT_PENDING)
        .execute(Tuple.from(new Object[] {tenantId, id, orderId, provider, key, captureMode, currency, amount, method,
            customerId}))
        .map(rows -> Rows.first(rows, PAYMENT));
  }

  public Future<Optional<Payment>> find(SqlClient conn, UUID tenantId, UUID id) {
    return conn.preparedQuery(PaymentSql.FIND).execute(Tuple.of(tenantId, id)).map(rows -> Rows.first(rows, PAYMENT));
  }

  public Future<Optional<Payment>> lock(SqlConnection conn, UUID tenantId, UUID id) {
    return conn.preparedQuery(PaymentSql.LOCK).execute(Tuple.of(tenantId, id)).map(rows -> Rows.first(rows, PAYMENT));
  }

  public Future<Optional<Payment>> findByKey(SqlConnection conn, UUID tenantId, String key) {
    return conn.preparedQuery(PaymentSql.FIND_BY_KEY).execute(Tuple.of(tenantId, key))
        .map(rows -> Rows.first(rows, PAYMENT));
  }

  public Future<Optional<Payment>> lockByProviderId(SqlConnection conn, UUID tenantId, String provider,
                                                    String providerPaymentId) {
    return conn.preparedQuery(PaymentSql.LOCK_BY_PROVIDER_ID).execute(Tuple.of(tenantId, provider, providerPaymentId))
        .map(rows -> Rows.first(rows, PAYMENT));
  }

  public Future<List<Payment>> ofOrder(SqlClient conn, UUID tenantId, UUID orderId) {
    return conn.preparedQuery(PaymentSql.LIST_BY_ORDER).execute(Tuple.of(tenantId, orderId))
        .map(rows -> Rows.all(rows, PAYMENT));
  }

  /** The order's payments, row-locked in id order until the transaction ends. */
  public Future<List<Payment>> lockOfOrder(SqlConnection conn, UUID tenantId, UUID orderId) {
    return conn.preparedQuery(PaymentSql.LOCK_BY_ORDER).execute(Tuple.of(tenantId, orderId))
        .map(rows -> Rows.all(rows, PAYMENT));
  }

  /** Orders of the tenant whose cancellation is owed a refund or a void by their payments. */
  public Future<List<UUID>> cancellationsToSettle(SqlClient conn, UUID tenantId, int limit) {
    return conn.preparedQuery(PaymentSql.CANCELLATIONS_TO_SETTLE).execute(Tuple.of(tenantId, limit))
        .map(rows -> Rows.all(rows, row -> row.getUUID(0)));
  }

  public Future<Long> inFlight(SqlConnection conn, UUID tenantId, UUID orderId) {
    return conn.preparedQuery(PaymentSql.IN_FLIGHT).execute(Tuple.of(tenantId, orderId))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  public Future<Payment> settle(SqlConnection conn, UUID tenantId, UUID id, String status, String providerPaymentId,
                                long authorized, long captured, Long fee, String declineCode, String failureMessage,
                                OffsetDateTime authorizationExpiresAt) {
    return conn.preparedQuery(PaymentSql.SETTLE)
        .execute(Tuple.from(new Object[] {tenantId, id, status, providerPaymentId, authorized, captured, fee,
            declineCode, failureMessage, authorizationExpiresAt}))
        .map(rows -> PAYMENT.apply(rows.iterator().next()));
  }

  public Future<Payment> requestAction(SqlConnection conn, UUID tenantId, UUID id, String action, Long amount) {
    return conn.preparedQuery(PaymentSql.REQUEST_ACTION).execute(Tuple.of(tenantId, id, action, amount))
        .map(rows -> PAYMENT.apply(rows.iterator().next()));
  }

  public Future<Payment> addRefunded(SqlConnection conn, UUID tenantId, UUID id, long amount) {
    return conn.preparedQuery(PaymentSql.ADD_REFUNDED).execute(Tuple.of(tenantId, id, amount))
        .map(rows -> PAYMENT.apply(rows.iterator().next()));
  }

  public Future<Payment> addDisputed(SqlConnection conn, UUID tenantId, UUID id, long amount) {
    return conn.preparedQuery(PaymentSql.ADD_DISPUTED).execute(Tuple.of(tenantId, id, amount))
        .map(rows -> PAYMENT.apply(rows.iterator().next()));
  }

  public Future<Refund> insertRefund(SqlConnection conn, UUID tenantId, UUID id, UUID paymentId, String key,
                                     String currency, long amount, String reason) {
    return conn.preparedQuery(PaymentSql.INSERT_REFUND)
        .execute(Tuple.from(new Object[] {tenantId, id, paymentId, key, currency, amount, reason}))
        .map(rows -> REFUND.apply(rows.iterator().next()));
  }

  public Future<Optional<Refund>> findRefundByKey(SqlConnection conn, UUID tenantId, UUID paymentId, String key) {
    return conn.preparedQuery(PaymentSql.FIND_REFUND_BY_KEY).execute(Tuple.of(tenantId, paymentId, key))
        .map(rows -> Rows.first(rows, REFUND));
  }

  public Future<Optional<Refund>> lockRefund(SqlConnection conn, UUID tenantId, UUID id) {
    return conn.preparedQuery(PaymentSql.LOCK_REFUND).execute(Tuple.of(tenantId, id))
        .map(rows -> Rows.first(rows, REFUND));
  }

  public Future<Optional<Refund>> lockRefundByProviderId(SqlConnection conn, UUID tenantId, String providerRefundId) {
    return conn.preparedQuery(PaymentSql.LOCK_REFUND_BY_PROVIDER_ID).execute(Tuple.of(tenantId, providerRefundId))
        .map(rows -> Rows.first(rows, REFUND));
  }

  /** Records the provider's id of a refund still pending; answers the refund as it is. */
  public Future<Optional<Refund>> namePendingRefund(SqlConnection conn, UUID tenantId, UUID id, String providerRefundId) {
    return conn.preparedQuery(PaymentSql.NAME_PENDING_REFUND).execute(Tuple.of(tenantId, id, providerRefundId))
        .map(rows -> Rows.first(rows, REFUND));
  }

  public Future<Long> pendingRefunds(SqlConnection conn, UUID tenantId, UUID paymentId) {
    return conn.preparedQuery(PaymentSql.PENDING_REFUNDS).execute(Tuple.of(tenantId, paymentId))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  public Future<Refund> settleRefund(SqlConnection conn, UUID tenantId, UUID id, String status, String providerRefundId,
                                     String failureReason) {
    return conn.preparedQuery(PaymentSql.SETTLE_REFUND)
        .execute(Tuple.of(tenantId, id, status, providerRefundId, failureReason))
        .map(rows -> REFUND.apply(rows.iterator().next()));
  }

  public Future<List<Refund>> refunds(SqlClient conn, UUID tenantId, UUID paymentId) {
    return conn.preparedQuery(PaymentSql.REFUNDS_OF).execute(Tuple.of(tenantId, paymentId))
        .map(rows -> Rows.all(rows, REFUND));
  }

  public Future<Void> ledger(SqlConnection conn, UUID tenantId, Payment payment, String type, long amount,
                             String reference) {
    return conn.preparedQuery(PaymentSql.INSERT_LEDGER)
        .execute(Tuple.from(new Object[] {tenantId, Uuids.v7(), payment.id(), payment.orderId(), type, amount,
            payment.currency(), reference}))
        .mapEmpty();
  }

  public Future<List<LedgerEntry>> ledgerOf(SqlClient conn, UUID tenantId, UUID paymentId) {
    return conn.preparedQuery(PaymentSql.LEDGER_OF).execute(Tuple.of(tenantId, paymentId))
        .map(rows -> Rows.all(rows, LEDGER));
  }

  public Future<Optional<Dispute>> lockDisputeByProviderId(SqlConnection conn, UUID tenantId, String provider,
                                                           String providerDisputeId) {
    return conn.preparedQuery(PaymentSql.LOCK_DISPUTE_BY_PROVIDER_ID)
        .execute(Tuple.of(tenantId, provider, providerDisputeId))
        .map(rows -> Rows.first(rows, DISPUTE));
  }

  public Future<Optional<Dispute>> findDispute(SqlClient conn, UUID tenantId, UUID id) {
    return conn.preparedQuery(PaymentSql.FIND_DISPUTE).execute(Tuple.of(tenantId, id))
        .map(rows -> Rows.first(rows, DISPUTE));
  }

  public Future<Dispute> insertDispute(SqlConnection conn, UUID tenantId, Payment payment, String provider,
                                       String providerDisputeId, String status, long amount, String reason,
                                       OffsetDateTime dueBy, OffsetDateTime eventAt) {
    return conn.preparedQuery(PaymentSql.INSERT_DISPUTE)
        .execute(Tuple.from(new Object[] {tenantId, Uuids.v7(), payment.id(), payment.orderId(), provider,
            providerDisputeId, status, payment.currency(), amount, reason, dueBy, eventAt}))
        .map(rows -> DISPUTE.apply(rows.iterator().next()));
  }

  public Future<Dispute> updateDispute(SqlConnection conn, UUID tenantId, UUID id, String status,
                                       OffsetDateTime dueBy, OffsetDateTime eventAt, JsonObject evidence) {
    return conn.preparedQuery(PaymentSql.UPDATE_DISPUTE)
        .execute(Tuple.from(new Object[] {tenantId, id, status, dueBy, eventAt, evidence}))
        .map(rows -> DISPUTE.apply(rows.iterator().next()));
  }

  public Future<List<Dispute>> disputes(SqlClient conn, UUID tenantId, UUID paymentId) {
    return conn.preparedQuery(PaymentSql.DISPUTES_OF).execute(Tuple.of(tenantId, paymentId))
        .map(rows -> Rows.all(rows, DISPUTE));
  }

  /** Tenants with something to settle (system context). */
  public Future<List<UUID>> tenantsToReconcile(SqlClient conn, int olderThanSeconds, int limit) {
    return conn.preparedQuery(PaymentSql.TENANTS_TO_RECONCILE).execute(Tuple.of((double) olderThanSeconds, limit))
        .map(rows -> Rows.all(rows, row -> row.getUUID("tenant_id")));
  }

  public Future<List<Payment>> unsettled(SqlClient conn, UUID tenantId, int olderThanSeconds, int limit) {
    return conn.preparedQuery(PaymentSql.UNSETTLED).execute(Tuple.of(tenantId, (double) olderThanSeconds, limit))
        .map(rows -> Rows.all(rows, PAYMENT));
  }

  public Future<List<Payment>> expired(SqlClient conn, UUID tenantId, int limit) {
    return conn.preparedQuery(PaymentSql.EXPIRED).execute(Tuple.of(tenantId, limit))
        .map(rows -> Rows.all(rows, PAYMENT));
  }

  public Future<List<Refund>> staleRefunds(SqlClient conn, UUID tenantId, int olderThanSeconds, int limit) {
    return conn.preparedQuery(PaymentSql.STALE_REFUNDS).execute(Tuple.of(tenantId, (double) olderThanSeconds, limit))
        .map(rows -> Rows.all(rows, REFUND));
  }

  public Future<List<LedgerMismatch>> mismatches(SqlClient conn, UUID tenantId, OffsetDateTime from, OffsetDateTime to) {
    return conn.preparedQuery(PaymentSql.MISMATCHES).execute(Tuple.of(tenantId, from, to))
        .map(rows -> Rows.all(rows, row -> new LedgerMismatch(row.getUUID("id"), row.getLong("number"),
            row.getString("currency"), row.getString("payment_status"), row.getLong("paid_amount"),
            row.getLong("captured"), row.getLong("refunded"), row.getLong("ledger_net"))));
  }

  public Future<JsonObject> settings(SqlClient conn, UUID tenantId) {
    return conn.preparedQuery(PaymentSql.SETTINGS).execute(Tuple.of(tenantId))
        .map(rows -> rows.size() == 0 ? new JsonObject() : (JsonObject) rows.iterator().next().getValue(0));
  }

  public Future<JsonObject> saveSettings(SqlConnection conn, UUID tenantId, JsonObject refundLargeAmounts) {
    return conn.preparedQuery(PaymentSql.UPSERT_SETTINGS).execute(Tuple.of(tenantId, refundLargeAmounts))
        .map(rows -> (JsonObject) rows.iterator().next().getValue(0));
  }

  public Future<PaymentMethod> insertMethod(SqlConnection conn, UUID tenantId, PaymentMethod m) {
    return conn.preparedQuery(PaymentSql.INSERT_METHOD)
        .execute(Tuple.from(new Object[] {tenantId, Uuids.v7(), m.customerId(), m.provider(), m.reference(),
            m.customerReference(), m.brand(), m.last4(), m.expMonth() == null ? null : m.expMonth().shortValue(),
            m.expYear() == null ? null : m.expYear().shortValue()}))
        .map(rows -> METHOD.apply(rows.iterator().next()));
  }

  public Future<List<PaymentMethod>> methods(SqlClient conn, UUID tenantId, UUID customerId) {
    return conn.preparedQuery(PaymentSql.METHODS_OF).execute(Tuple.of(tenantId, customerId))
        .map(rows -> Rows.all(rows, METHOD));
  }

  public Future<Optional<PaymentMethod>> method(SqlClient conn, UUID tenantId, UUID id) {
    return conn.preparedQuery(PaymentSql.FIND_METHOD).execute(Tuple.of(tenantId, id))
        .map(rows -> Rows.first(rows, METHOD));
  }

  public Future<Boolean> deleteMethod(SqlConnection conn, UUID tenantId, UUID customerId, UUID id) {
    return conn.preparedQuery(PaymentSql.DELETE_METHOD).execute(Tuple.of(tenantId, customerId, id))
        .map(rows -> rows.rowCount() == 1);
  }
}
