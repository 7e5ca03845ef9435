package io.olympus.common.outbox;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.function.Function;

/**
 * The explicit system path to the outbox and dead-letter tables, which have row-level security: every tenant's rows
 * (and the platform-wide events without a tenant) are visible only in a transaction that set {@code app.system}.
 * The setting goes out pipelined with the work, so it costs no round trip of its own.
 */
final class SystemContext {

  static final String SET_SYSTEM = "SELECT set_config('app.system', 'on', true)";

  private SystemContext() {}

  /**
   * Runs {@code work} with the system context: in a transaction of its own when {@code client} is a pool, otherwise
   * inside the transaction the caller's connection is running.
   */
  static <T> Future<T> run(SqlClient client, Function<SqlClient, Future<T>> work) {
    if (client instanceof Pool pool) {
      return pool.withTransaction(conn -> inside(conn, work));
    }
    return inside(client, work);
  }

  private static <T> Future<T> inside(SqlClient conn, Function<SqlClient, Future<T>> work) {
    Future<?> system = conn.query(SET_SYSTEM).execute();
    Future<T> result;
    try {
      result = work.apply(conn);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    Future<T> done = result;
    return Future.all(system, done).map(all -> done.result());
  }
}
