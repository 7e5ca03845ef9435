package io.olympus.commerce.catalog.service;

import io.olympus.common.error.QuotaExceededException;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * The plan's product limit inside one transaction. The first claim takes a per-tenant transaction lock (so two
 * concurrent creations cannot both see the last free slot) and counts the tenant's products that are not
 * archived; later claims in the same transaction (a bulk request) count on from there without another query.
 * Not thread-safe: one per transaction.
 */
final class ProductQuota {

  static final String LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('olympus.products:' || $1::text, 0))";
  static final String COUNT = "SELECT count(*) AS n FROM products WHERE tenant_id = $1 AND status <> 'archived'";

  private final long max;
  private final String plan;
  private long used = -1;

  /** {@code max} 0 or less: no limit. */
  ProductQuota(long max, String plan) {
    this.max = max;
    this.plan = plan;
  }

  static ProductQuota unlimited() {
    return new ProductQuota(0, null);
  }

  boolean limited() {
    return max > 0;
  }

  /** Takes one product slot; fails with QuotaExceededException when the plan's limit is reached. */
  Future<Void> claim(SqlConnection conn, UUID tenantId) {
    if (max <= 0) {
      return Future.succeededFuture();
    }
    return prepare(conn, tenantId).compose(v -> {
      if (used >= max) {
        return Future.failedFuture(new QuotaExceededException("products", max, plan));
      }
      used++;
      return Future.succeededFuture();
    });
  }

  /**
   * Takes the tenant's lock and counts, once per transaction. Call it outside any savepoint (a rolled-back
   * savepoint would release the lock): {@link #claim} calls it itself for single creations.
   */
  Future<Void> prepare(SqlConnection conn, UUID tenantId) {
    if (max <= 0 || used >= 0) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery(LOCK).execute(Tuple.of(tenantId.toString()))
        .compose(locked -> conn.preparedQuery(COUNT).execute(Tuple.of(tenantId)))
        .map(rows -> {
          used = rows.iterator().next().getLong("n");
          return null;
        });
  }

  /** Gives back a slot claimed by a creation that was rolled back (a failed bulk item). */
  void release() {
    if (max > 0 && used > 0) {
      used--;
    }
  }
}
