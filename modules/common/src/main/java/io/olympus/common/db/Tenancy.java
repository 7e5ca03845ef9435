package io.olympus.common.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import java.util.function.Function;

/**
 * Runs work in a transaction scoped to one tenant: {@code app.tenant_id} is set with
 * {@code set_config(..., true)} so it lives only as long as the transaction and never leaks to the
 * next user of a pooled connection. Row-level security policies read it; queries still filter by
 * tenant_id themselves.
 */
public final class Tenancy {

  static final String SET_TENANT = "SELECT set_config('app.tenant_id', $1, true)";
  static final String SET_SYSTEM = "SELECT set_config('app.system', 'on', true)";

  private Tenancy() {}

  /** Runs {@code work} in a transaction with the tenant set; fails with whatever {@code work} or the database fails with. */
  public static <T> Future<T> inTenant(Pool pool, UUID tenantId, Function<SqlConnection, Future<T>> work) {
    return pool.withTransaction(conn -> setTenant(conn, tenantId).compose(ignored -> work.apply(conn)));
  }

  /** Sets the tenant for the rest of the transaction already running on {@code conn}. */
  public static Future<Void> setTenant(SqlConnection conn, UUID tenantId) {
    return conn.preparedQuery(SET_TENANT)
        .execute(Tuple.of(tenantId.toString()))
        .mapEmpty();
  }

  /**
   * Runs {@code work} in a transaction that may see every tenant's rows of tables whose policy allows
   * the system context (tenant resolution at login, system administration, purge jobs). Tenant-scoped
   * code never uses this.
   */
  public static <T> Future<T> asSystem(Pool pool, Function<SqlConnection, Future<T>> work) {
    return pool.withTransaction(conn -> conn.query(SET_SYSTEM)
        .execute()
        .compose(ignored -> work.apply(conn)));
  }
}
