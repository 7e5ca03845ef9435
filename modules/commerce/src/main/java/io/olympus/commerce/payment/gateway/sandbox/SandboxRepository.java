package io.olympus.commerce.payment.gateway.sandbox;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/** The sandbox provider's own records ({@code sandbox_payments}, {@code sandbox_refunds}); rows as the gateway reads them. */
final class SandboxRepository {

  enum Key { REFERENCE, PROVIDER_ID, DISPUTE_ID }

  Future<RowSet<Row>> lock(SqlConnection conn, UUID tenantId, Key by, String key) {
    String sql = switch (by) {
      case REFERENCE -> SandboxSql.FIND;
      case PROVIDER_ID -> SandboxSql.FIND_BY_ID;
      case DISPUTE_ID -> SandboxSql.FIND_BY_DISPUTE;
    };
    return conn.preparedQuery(sql).execute(Tuple.of(tenantId, key));
  }

  Future<RowSet<Row>> insert(SqlConnection conn, Tuple values) {
    return conn.preparedQuery(SandboxSql.INSERT).execute(values);
  }

  Future<RowSet<Row>> update(SqlConnection conn, Tuple values) {
    return conn.preparedQuery(SandboxSql.UPDATE).execute(values);
  }

  Future<RowSet<Row>> openDueDispute(SqlConnection conn, UUID tenantId, String reference, String disputeId) {
    return conn.preparedQuery(SandboxSql.OPEN_DUE_DISPUTE).execute(Tuple.of(tenantId, reference, disputeId));
  }

  Future<RowSet<Row>> scheduleClose(SqlConnection conn, UUID tenantId, String disputeId, long inMillis, String outcome) {
    return conn.preparedQuery(SandboxSql.SCHEDULE_CLOSE).execute(Tuple.of(tenantId, disputeId, (double) inMillis, outcome));
  }

  Future<RowSet<Row>> closeDueDispute(SqlConnection conn, UUID tenantId, String disputeId) {
    return conn.preparedQuery(SandboxSql.CLOSE_DUE_DISPUTE).execute(Tuple.of(tenantId, disputeId));
  }

  /** Due disputes of every tenant; run as the system (the caller's connection sees all tenants). */
  Future<RowSet<Row>> dueDisputes(SqlConnection conn, int limit) {
    return conn.preparedQuery(SandboxSql.DUE_DISPUTES).execute(Tuple.of(limit));
  }

  Future<RowSet<Row>> refund(SqlConnection conn, UUID tenantId, String reference) {
    return conn.preparedQuery(SandboxSql.FIND_REFUND).execute(Tuple.of(tenantId, reference));
  }

  Future<RowSet<Row>> insertRefund(SqlConnection conn, Tuple values) {
    return conn.preparedQuery(SandboxSql.INSERT_REFUND).execute(values);
  }
}
