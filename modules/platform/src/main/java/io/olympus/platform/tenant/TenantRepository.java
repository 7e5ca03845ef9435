package io.olympus.platform.tenant;

import io.olympus.common.error.ConflictException;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Reads and writes the tenant registry. Callers choose the transaction and its tenant/system context. */
public final class TenantRepository {

  private final AtomicLong lookups = new AtomicLong();

  /** Inserts a tenant; fails with ConflictException when the slug is taken. */
  public Future<Tenant> insert(SqlClient client, UUID id, String slug, String name, String plan, String billingEmail) {
    return client.preparedQuery(TenantSql.INSERT)
        .execute(Tuple.of(id, slug, name, plan, billingEmail))
        .map(rows -> Tenant.MAPPER.apply(rows.iterator().next()))
        .recover(err -> Future.failedFuture(uniqueViolation(err)
            ? new ConflictException("tenant slug '" + slug + "' is already taken")
            : err));
  }

  public Future<Optional<Tenant>> findById(SqlClient client, UUID id) {
    lookups.incrementAndGet();
    return client.preparedQuery(TenantSql.BY_ID)
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Tenant.MAPPER.apply(rows.iterator().next())));
  }

  public Future<Optional<Tenant>> findBySlug(SqlClient client, String slug) {
    lookups.incrementAndGet();
    return client.preparedQuery(TenantSql.BY_SLUG)
        .execute(Tuple.of(slug))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Tenant.MAPPER.apply(rows.iterator().next())));
  }

  public Future<Boolean> planExists(SqlClient client, String plan) {
    return client.preparedQuery(TenantSql.PLAN_EXISTS)
        .execute(Tuple.of(plan))
        .map(rows -> rows.size() > 0);
  }

  /** Tenant lookups issued so far (by id or slug): lets tests and metrics see cache coalescing. */
  public long lookupCount() {
    return lookups.get();
  }

  private static boolean uniqueViolation(Throwable err) {
    return err instanceof PgException pg && "23505".equals(pg.getSqlState());
  }
}
