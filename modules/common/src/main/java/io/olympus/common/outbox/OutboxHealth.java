package io.olympus.common.outbox;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;

/**
 * Outbox health for {@code /health/ready} detail and the metric gauges: pending rows, age of the
 * oldest pending row, dead letters, and the p99 publish lag (insert → publish) of the last minute.
 */
public final class OutboxHealth {

  private OutboxHealth() {}

  /** The figures as one snapshot. */
  public record Snapshot(long pending, long lagMs, long deadLetters, long publishLagP99Ms) {

    public JsonObject toJson() {
      return new JsonObject()
          .put("pending", pending)
          .put("lag_ms", lagMs)
          .put("dead_letters", deadLetters)
          .put("publish_lag_p99_ms", publishLagP99Ms);
    }
  }

  /**
   * {@code {"pending":..,"lag_ms":..,"dead_letters":..,"publish_lag_p99_ms":..}}; fails when the
   * database cannot be queried. Reads through the system path (the tables have row-level security).
   */
  public static Future<JsonObject> check(SqlClient client) {
    return snapshot(client)
        .map(Snapshot::toJson);
  }

  public static Future<Snapshot> snapshot(SqlClient client) {
    return SystemContext.run(client, system -> system.query(OutboxSql.HEALTH).execute())
        .map(rows -> toSnapshot(rows.iterator().next()));
  }

  private static Snapshot toSnapshot(Row row) {
    return new Snapshot(row.getLong("pending"), row.getLong("lag_ms"), row.getLong("dead_letters"),
        row.getLong("publish_lag_p99_ms"));
  }
}
