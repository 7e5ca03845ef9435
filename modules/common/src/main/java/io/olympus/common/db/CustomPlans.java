package io.olympus.common.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

/**
 * Plans a transaction's prepared statements for the tables as they are when each runs ({@code plan_cache_mode =
 * force_custom_plan} for the transaction). For background work on tables that grow from empty faster than autovacuum
 * analyzes them (the outbox, the analytics read model's sources on a new database): a generic plan cached while a table
 * was small keeps scanning all of it (sequential scans) until the next analyze, which can be minutes of ever slower
 * cycles. Costs the planning of each statement (a fraction of a millisecond to ~2 ms for the largest).
 */
public final class CustomPlans {

  static final String FORCE = "SELECT set_config('plan_cache_mode', 'force_custom_plan', true)";

  private CustomPlans() {}

  /** Sets custom plans for the rest of the running transaction; goes out pipelined with what follows. */
  public static Future<Void> force(SqlClient conn) {
    return conn.query(FORCE).execute().mapEmpty();
  }
}
