package io.olympus.platform.tenant;

import io.olympus.common.error.ConflictException;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.error.PreconditionFailedException;
import io.olympus.common.net.IpAccessList;
import io.olympus.common.tenant.TenantInfo;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
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

  /** The plan catalogue (code, name, limits), in display order. */
  public Future<JsonArray> plans(SqlClient client) {
    return client.query(TenantSql.PLANS).execute()
        .map(rows -> {
          JsonArray plans = new JsonArray();
          rows.forEach(row -> plans.add(row.toJson()));
          return plans;
        });
  }

  /** The limits of a plan (max_users, max_locations, max_products, api_requests_per_minute). */
  public Future<JsonObject> planLimits(SqlClient client, String plan) {
    return client.preparedQuery(TenantSql.PLAN_LIMITS).execute(Tuple.of(plan))
        .map(rows -> rows.iterator().next().toJson());
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

  /** Applies the update; NotFoundException when absent, PreconditionFailedException when the version is stale. */
  public Future<Tenant> update(SqlClient client, UUID id, TenantUpdate u) {
    return client.preparedQuery(TenantSql.UPDATE)
        .execute(Tuple.from(new Object[] {id, u.name(), u.plan(), u.billingEmail(), u.billingAddress(), u.taxId(),
            u.version()}))
        .compose(rows -> rows.size() == 1
            ? Future.succeededFuture(Tenant.MAPPER.apply(rows.iterator().next()))
            : findById(client, id).compose(found -> Future.failedFuture(found.isPresent()
                ? new PreconditionFailedException("tenant " + id + " changed since version " + u.version())
                : new NotFoundException("tenant " + id + " not found"))));
  }

  public Future<Tenant> setStatus(SqlClient client, UUID id, String status) {
    return client.preparedQuery(TenantSql.SET_STATUS)
        .execute(Tuple.of(id, status))
        .compose(rows -> rows.size() == 1
            ? Future.succeededFuture(Tenant.MAPPER.apply(rows.iterator().next()))
            : Future.failedFuture(new NotFoundException("tenant " + id + " not found")));
  }

  /** Gives a deleted tenant back its status before the deletion; NotFoundException when it is not deleted. */
  public Future<Tenant> restore(SqlClient client, UUID id) {
    return client.preparedQuery(TenantSql.RESTORE)
        .execute(Tuple.of(id))
        .compose(rows -> rows.size() == 1
            ? Future.succeededFuture(Tenant.MAPPER.apply(rows.iterator().next()))
            : Future.failedFuture(new NotFoundException("deleted tenant " + id + " not found")));
  }

  public Future<java.util.List<Tenant>> listAll(SqlClient client, UUID after, int limit) {
    return client.preparedQuery(TenantSql.LIST_ALL)
        .execute(Tuple.of(after, limit))
        .map(rows -> {
          java.util.List<Tenant> list = new java.util.ArrayList<>();
          rows.forEach(row -> list.add(Tenant.MAPPER.apply(row)));
          return list;
        });
  }

  /**
   * The tenant's IP allow/deny lists ({@code security.ip_allow} / {@code security.ip_deny} settings); the caller's
   * transaction must be in the tenant's context. A stored entry that no longer parses fails closed (see TenantInfo).
   */
  public Future<IpAccessList> ipAccess(SqlClient client, UUID tenantId) {
    return client.preparedQuery(TenantSql.IP_LISTS)
        .execute(Tuple.of(tenantId))
        .map(rows -> {
          List<String> allow = new ArrayList<>();
          List<String> deny = new ArrayList<>();
          rows.forEach(row -> {
            if (row.getValue("value") instanceof JsonArray list) {
              list.forEach(v -> ("security.ip_allow".equals(row.getString("key")) ? allow : deny).add(String.valueOf(v)));
            }
          });
          return TenantInfo.ipAccess(tenantId, allow, deny);
        });
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
