package io.olympus.common.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

/**
 * Plans a transaction's prepared statements for the tables as they are when each runs ({@code plan_cache_mode =
 * force_custom_plan} for the transaction). For background work on a table that grows from empty faster than autovacuum
 * analyzes it (the outbox: published rows are kept for replay): a generic plan cached while the table was small keeps
 * scanning all of it (sequential scans) until the next analyze, each cycle slower than the last. Costs the planning
 * of each statement (a fraction of a millisecond for the outbox's).
 */
public final class CustomPlans {

  static final String FORCE = "SELECT set_config('plan_cache_mode', 'force_custom_plan', true)";

  private CustomPlans() {}

  /** Sets custom plans for the rest of the running transaction; goes out pipelined with what follows. */
  public static Future<Void> force(SqlClient conn) {
    return conn.query(FORCE).execute().mapEmpty();
  }
}
