package io.olympus.platform.location;

import io.olympus.common.audit.Actor;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.ConflictException;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.error.QuotaExceededException;
import io.olympus.common.error.ValidationException;
import io.olympus.common.event.Uuids;
import io.olympus.platform.PlatformChanges;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.UUID;

/** A tenant's location hierarchy: create within the plan's limit, read subtrees, move without cycles. */
public final class LocationService {

  private final Pool pool;
  private final LocationRepository repository;

  public LocationService(Pool pool, LocationRepository repository) {
    this.pool = pool;
    this.repository = repository;
  }

  /**
   * Creates a location under its parent (or as a root). Fails with NotFoundException for a parent of
   * another tenant or none, QuotaExceededException at the plan's limit, ConflictException for a used code.
   */
  public Future<Location> create(UUID tenantId, NewLocation request, Actor actor) {
    UUID id = Uuids.v7();
    return Tenancy.inTenant(pool, tenantId, conn -> repository.lockPlanLimit(conn, tenantId)
        .compose(limit -> checkQuota(conn, tenantId, limit))
        .compose(ok -> parentPath(conn, tenantId, request.parentId()))
        .compose(parentPath -> repository.insert(conn, tenantId, id, parentPath + id + "/", request))
        .compose(location -> PlatformChanges.record(conn, tenantId, actor, "location.create", "location",
                id.toString(), location.toJson(), "location.created")
            .map(v -> location)));
  }

  /** The location; NotFoundException when it does not exist in this tenant. */
  public Future<Location> get(UUID tenantId, UUID id) {
    return Tenancy.inTenant(pool, tenantId, conn -> require(conn, tenantId, id));
  }

  /** A page of the tenant's locations in hierarchy order after the cursor (a location path). */
  public Future<List<Location>> page(UUID tenantId, String afterPath, int limit) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.page(conn, tenantId, afterPath, limit));
  }

  /** Number of locations of the tenant (plan usage). */
  public Future<Long> count(UUID tenantId) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.count(conn, tenantId));
  }

  /** The location and all its descendants, parents before children. */
  public Future<List<Location>> subtree(UUID tenantId, UUID id) {
    return Tenancy.inTenant(pool, tenantId, conn -> require(conn, tenantId, id)
        .compose(root -> repository.subtree(conn, tenantId, root.path())));
  }

  /**
   * Moves a location (with its subtree) under a new parent, or to the root when {@code newParentId}
   * is null. Fails with ValidationException when the new parent is the location itself or one of its
   * descendants (a cycle).
   */
  public Future<Location> move(UUID tenantId, UUID id, UUID newParentId, Actor actor) {
    return Tenancy.inTenant(pool, tenantId, conn -> require(conn, tenantId, id)
        .compose(location -> parentPath(conn, tenantId, newParentId)
            .compose(newParentPath -> {
              if (newParentPath.startsWith(location.path())) {
                return Future.failedFuture(new ValidationException("parent_id",
                    "cannot move a location under itself or one of its descendants"));
              }
              return repository.move(conn, tenantId, id, location.path(), newParentPath + id + "/", newParentId);
            }))
        .compose(moved -> require(conn, tenantId, id))
        .compose(location -> PlatformChanges.record(conn, tenantId, actor, "location.move", "location",
                id.toString(), new JsonObject().put("parent_id", newParentId == null ? null : newParentId.toString()),
                "location.moved")
            .map(v -> location)));
  }

  /** Deletes a leaf location; ConflictException while it still has children. */
  public Future<Void> delete(UUID tenantId, UUID id, Actor actor) {
    return Tenancy.inTenant(pool, tenantId, conn -> require(conn, tenantId, id)
        .compose(location -> repository.hasChildren(conn, tenantId, id))
        .compose(hasChildren -> hasChildren
            ? Future.failedFuture(new ConflictException("location " + id + " still has child locations"))
            : repository.delete(conn, tenantId, id)
                .compose(v -> PlatformChanges.record(conn, tenantId, actor, "location.delete", "location",
                    id.toString(), new JsonObject(), "location.deleted"))));
  }

  private Future<Void> checkQuota(SqlConnection conn, UUID tenantId, LocationRepository.PlanLimit limit) {
    if (limit.maxLocations() == null) {
      return Future.succeededFuture();
    }
    return repository.count(conn, tenantId)
        .compose(count -> count >= limit.maxLocations()
            ? Future.failedFuture(new QuotaExceededException("locations", limit.maxLocations(), limit.plan()))
            : Future.succeededFuture());
  }

  private Future<String> parentPath(SqlConnection conn, UUID tenantId, UUID parentId) {
    if (parentId == null) {
      return Future.succeededFuture("/");
    }
    return repository.findById(conn, tenantId, parentId)
        .compose(parent -> parent.map(p -> Future.succeededFuture(p.path()))
            .orElseGet(() -> Future.failedFuture(new NotFoundException("parent location " + parentId + " not found"))));
  }

  private Future<Location> require(SqlConnection conn, UUID tenantId, UUID id) {
    return repository.findById(conn, tenantId, id)
        .compose(found -> found.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(new NotFoundException("location " + id + " not found"))));
  }
}
