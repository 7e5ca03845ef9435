package io.olympus.auth.directory;

import io.olympus.common.error.QuotaExceededException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * The plan's user limit. {@link #claim} runs in the transaction that adds an active user (registration,
 * reactivation): it takes a per-tenant transaction lock, so concurrent claims of one tenant count one after the other
 * and can never overshoot; the lock ends with the transaction.
 */
public final class Seats {

  private Seats() {}

  /** Succeeds when one more active user fits the tenant's plan; fails with {@link QuotaExceededException} otherwise. */
  public static Future<Void> claim(SqlConnection conn, UUID tenantId) {
    return conn.preparedQuery(UserDirectorySql.SEAT_LOCK).execute(Tuple.of(tenantId))
        .compose(locked -> conn.preparedQuery(UserDirectorySql.SEATS).execute(Tuple.of(tenantId)))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture();
          }
          Row row = rows.iterator().next();
          Integer max = row.getInteger("max_users");
          return max == null || row.getLong("active") < max
              ? Future.<Void>succeededFuture()
              : Future.failedFuture(new QuotaExceededException("users", max, row.getString("code")));
        });
  }
}
