package io.olympus.platform.tenant;

import io.olympus.common.db.Tenancy;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.error.ValidationException;
import io.olympus.common.event.Uuids;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.UUID;

/** Tenant registry operations. */
public final class TenantService {

  private final Pool pool;
  private final TenantRepository repository;

  public TenantService(Pool pool, TenantRepository repository) {
    this.pool = pool;
    this.repository = repository;
  }

  /**
   * Creates a tenant inside its own tenant context. Fails with ValidationException for an unknown
   * plan and ConflictException when the slug is taken.
   */
  public Future<Tenant> create(NewTenant request) {
    UUID id = Uuids.v7();
    return Tenancy.inTenant(pool, id, conn -> repository.planExists(conn, request.plan())
        .compose(exists -> exists
            ? repository.insert(conn, id, request.slug(), request.name(), request.plan(), request.billingEmail())
            : Future.failedFuture(new ValidationException("plan", "must be one of free, starter, pro, enterprise"))));
  }

  /** The tenant, read in its own tenant context; NotFoundException when absent or deleted. */
  public Future<Tenant> get(UUID id) {
    return Tenancy.inTenant(pool, id, conn -> repository.findById(conn, id))
        .compose(found -> found.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(new NotFoundException("tenant " + id + " not found"))));
  }

  /** Marks a tenant deleted (soft delete); the purge job removes its rows later. NotFoundException if absent. */
  public Future<Void> softDelete(UUID id) {
    return Tenancy.inTenant(pool, id, conn -> conn.preparedQuery(
            "UPDATE tenants SET status = 'deleted', deleted_at = now(), updated_at = now(), version = version + 1 "
                + "WHERE id = $1 AND status <> 'deleted'")
        .execute(io.vertx.sqlclient.Tuple.of(id)))
        .compose(rows -> rows.rowCount() == 0
            ? Future.failedFuture(new NotFoundException("tenant " + id + " not found"))
            : Future.succeededFuture());
  }

  /** Resolves a slug before any tenant is known (login): a system-context read. */
  public Future<Tenant> resolveSlug(String slug) {
    return Tenancy.asSystem(pool, conn -> repository.findBySlug(conn, slug))
        .compose(found -> found.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(new NotFoundException("tenant '" + slug + "' not found"))));
  }
}
