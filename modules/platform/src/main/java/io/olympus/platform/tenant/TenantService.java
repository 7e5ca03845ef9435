package io.olympus.platform.tenant;

import io.olympus.common.audit.Actor;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.error.ValidationException;
import io.olympus.common.event.Uuids;
import io.olympus.common.tenant.TenantInfo;
import io.olympus.platform.PlatformChanges;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
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
    return create(request, Actor.SYSTEM);
  }

  /** As {@link #create(NewTenant)}, recording the actor in the audit log and the {@code tenant.created} event. */
  public Future<Tenant> create(NewTenant request, Actor actor) {
    UUID id = Uuids.v7();
    return Tenancy.inTenant(pool, id, conn -> repository.planExists(conn, request.plan())
        .compose(exists -> exists
            ? repository.insert(conn, id, request.slug(), request.name(), request.plan(), request.billingEmail())
            : Future.failedFuture(new ValidationException("plan", "must be one of free, starter, pro, enterprise")))
        .compose(tenant -> PlatformChanges.record(conn, id, actor, "tenant.create", "tenant", id.toString(),
                tenant.toJson(), "tenant.created")
            .map(v -> tenant)));
  }

  /**
   * Applies a validated partial update (name, plan, billing) at the expected version. Fails with
   * NotFoundException, PreconditionFailedException for a stale version, ValidationException for an
   * unknown plan.
   */
  public Future<Tenant> update(UUID id, TenantUpdate update, Actor actor) {
    return Tenancy.inTenant(pool, id, conn -> (update.plan() == null
            ? Future.succeededFuture(true)
            : repository.planExists(conn, update.plan()))
        .compose(planOk -> planOk
            ? repository.update(conn, id, update)
            : Future.failedFuture(new ValidationException("plan", "must be one of free, starter, pro, enterprise")))
        .compose(tenant -> PlatformChanges.record(conn, id, actor, "tenant.update", "tenant", id.toString(),
                update.toJson(), "tenant.updated")
            .map(v -> tenant)));
  }

  /** Suspends or reactivates a tenant (system administration); NotFoundException if absent. */
  public Future<Tenant> setStatus(UUID id, String status, Actor actor) {
    return Tenancy.inTenant(pool, id, conn -> repository.setStatus(conn, id, status)
        .compose(tenant -> PlatformChanges.record(conn, id, actor, "tenant." + status, "tenant", id.toString(),
                new JsonObject().put("status", status), "tenant.updated")
            .map(v -> tenant)));
  }

  /** The plan catalogue, in display order (public reference data, no tenant context). */
  public Future<io.vertx.core.json.JsonArray> plans() {
    return repository.plans(pool);
  }

  /** The limits of a plan. */
  public Future<JsonObject> planLimits(String plan) {
    return repository.planLimits(pool, plan);
  }

  /** Every tenant, for system administrators (system context), newest first, keyset-paged by id. */
  public Future<java.util.List<Tenant>> listAll(UUID after, int limit) {
    return Tenancy.asSystem(pool, conn -> repository.listAll(conn, after, limit));
  }

  /** The tenant, read in its own tenant context; NotFoundException when absent or deleted. */
  public Future<Tenant> get(UUID id) {
    return Tenancy.inTenant(pool, id, conn -> repository.findById(conn, id))
        .compose(found -> found.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(new NotFoundException("tenant " + id + " not found"))));
  }

  /** Marks a tenant deleted (soft delete); the purge job removes its rows later. NotFoundException if absent. */
  public Future<Void> softDelete(UUID id) {
    return softDelete(id, Actor.SYSTEM);
  }

  /** As {@link #softDelete(UUID)}, audited, with the {@code tenant.deleted} event. */
  public Future<Void> softDelete(UUID id, Actor actor) {
    return Tenancy.inTenant(pool, id, conn -> conn.preparedQuery(
            "UPDATE tenants SET status_before_delete = status, status = 'deleted', deleted_at = now(), "
                + "updated_at = now(), version = version + 1 WHERE id = $1 AND status <> 'deleted'")
        .execute(io.vertx.sqlclient.Tuple.of(id))
        .compose(rows -> rows.rowCount() == 0
            ? Future.failedFuture(new NotFoundException("tenant " + id + " not found"))
            : PlatformChanges.record(conn, id, actor, "tenant.delete", "tenant", id.toString(),
                new JsonObject().put("status", "deleted"), "tenant.deleted")));
  }

  /** What other services cache about the tenant (with its IP lists), by id; NotFoundException when absent or deleted. */
  public Future<TenantInfo> infoById(UUID id) {
    return Tenancy.inTenant(pool, id, conn -> repository.findById(conn, id)
        .compose(found -> found.isEmpty()
            ? Future.failedFuture(new NotFoundException("tenant " + id + " not found"))
            : repository.ipAccess(conn, id).map(found.get()::info)));
  }

  /** As {@link #infoById}, by slug: a system-context lookup, then the IP lists in the tenant's own context. */
  public Future<TenantInfo> infoBySlug(String slug) {
    return resolveSlug(slug)
        .compose(tenant -> Tenancy.inTenant(pool, tenant.id(), conn -> repository.ipAccess(conn, tenant.id()))
            .map(tenant::info));
  }

  /**
   * Restores a soft-deleted tenant that has not been purged yet (system administration): it gets back the
   * status it had before the deletion, and the scheduled purge no longer applies to it. Audited, with the
   * {@code tenant.updated} event. NotFoundException when the tenant is not deleted or already purged.
   */
  public Future<Tenant> restore(UUID id, Actor actor) {
    return Tenancy.inTenant(pool, id, conn -> repository.restore(conn, id)
        .compose(tenant -> PlatformChanges.record(conn, id, actor, "tenant.restore", "tenant", id.toString(),
                new JsonObject().put("status", tenant.status()), "tenant.updated")
            .map(v -> tenant)));
  }

  /** Resolves a slug before any tenant is known (login): a system-context read. */
  public Future<Tenant> resolveSlug(String slug) {
    return Tenancy.asSystem(pool, conn -> repository.findBySlug(conn, slug))
        .compose(found -> found.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(new NotFoundException("tenant '" + slug + "' not found"))));
  }
}
