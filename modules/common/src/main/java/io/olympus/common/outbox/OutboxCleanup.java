package io.olympus.common.outbox;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/** Retention: deletes published outbox rows and inbox rows older than the retention period. */
public final class OutboxCleanup {

  private OutboxCleanup() {}

  /** Deletes rows older than {@code retentionHours}; the number of outbox rows deleted. Fails with the database error. */
  public static Future<Integer> deleteExpired(SqlClient client, long retentionHours) {
    return SystemContext.run(client, system -> system.preparedQuery(OutboxSql.DELETE_PUBLISHED_BEFORE)
        .execute(Tuple.of(retentionHours))
        .compose(outbox -> system.preparedQuery(OutboxSql.DELETE_INBOX_BEFORE)
            .execute(Tuple.of(retentionHours))
            .map(inbox -> outbox.rowCount())));
  }
}
