package io.olympus.platform.rbac;

import io.olympus.common.authz.Decision;
import io.olympus.common.authz.EffectivePermissions;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.ForbiddenException;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.error.ValidationException;
import io.olympus.common.event.Uuids;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.UUID;

/**
 * Role-based access: built-in roles with inheritance (owner ⊃ admin ⊃ manager ⊃ staff), custom roles
 * inheriting from any visible role (cycles refused), assignments optionally scoped to a location
 * subtree, and the permission check every service relies on.
 */
public final class RbacService {

  private final Pool pool;
  private final RbacRepository repository;

  public RbacService(Pool pool, RbacRepository repository) {
    this.pool = pool;
    this.repository = repository;
  }

  /** Built-in roles and the tenant's custom roles, each with its directly granted permissions. */
  public Future<List<Role>> roles(UUID tenantId) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.roles(conn, tenantId));
  }

  /**
   * Creates a custom role. Fails with ValidationException naming unknown permissions or a parent
   * role that is not visible to the tenant, ConflictException for a used key.
   */
  public Future<Role> createRole(UUID tenantId, NewRole request) {
    UUID id = Uuids.v7();
    return Tenancy.inTenant(pool, tenantId, conn -> checkPermissionsExist(conn, request.permissions())
        .compose(ok -> request.parentRoleId() == null
            ? Future.succeededFuture()
            : requireRole(conn, tenantId, request.parentRoleId()).mapEmpty())
        .compose(ok -> repository.insertRole(conn, tenantId, id, request))
        .compose(ok -> requireRole(conn, tenantId, id)));
  }

  /**
   * Changes the parent of a custom role. Fails with ForbiddenException for built-in roles and
   * ValidationException when the new parent inherits (directly or not) from the role: a cycle.
   */
  public Future<Role> setParent(UUID tenantId, UUID roleId, UUID parentId) {
    return Tenancy.inTenant(pool, tenantId, conn -> requireCustomRole(conn, tenantId, roleId)
        .compose(role -> parentId == null
            ? Future.succeededFuture()
            : requireRole(conn, tenantId, parentId)
                .compose(parent -> repository.ancestors(conn, tenantId, parentId))
                .compose(chain -> chain.contains(roleId)
                    ? Future.failedFuture(new ValidationException("parent_role_id",
                        "would make the role inherit from itself (a cycle)"))
                    : Future.succeededFuture()))
        .compose(ok -> repository.setParent(conn, tenantId, roleId, parentId))
        .compose(ok -> requireRole(conn, tenantId, roleId)));
  }

  /** Replaces a custom role's own permissions. */
  public Future<Role> setPermissions(UUID tenantId, UUID roleId, List<String> permissions) {
    return Tenancy.inTenant(pool, tenantId, conn -> requireCustomRole(conn, tenantId, roleId)
        .compose(role -> checkPermissionsExist(conn, permissions))
        .compose(ok -> repository.replacePermissions(conn, tenantId, roleId, permissions))
        .compose(ok -> requireRole(conn, tenantId, roleId)));
  }

  /**
   * Assigns a role to a user, tenant-wide or (with {@code locationId}) over a location subtree.
   * Returns false when the same assignment already existed.
   */
  public Future<Boolean> assign(UUID tenantId, UUID userId, UUID roleId, UUID locationId, UUID grantedBy) {
    return Tenancy.inTenant(pool, tenantId, conn -> requireRole(conn, tenantId, roleId)
        .compose(role -> locationId == null
            ? Future.succeededFuture()
            : repository.locationPath(conn, tenantId, locationId)
                .compose(path -> path.isPresent()
                    ? Future.succeededFuture()
                    : Future.failedFuture(new NotFoundException("location " + locationId + " not found"))))
        .compose(ok -> repository.assign(conn, tenantId, userId, roleId, locationId, grantedBy)));
  }

  /** Removes an assignment; false when there was none. */
  public Future<Boolean> unassign(UUID tenantId, UUID userId, UUID roleId, UUID locationId) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.unassign(conn, tenantId, userId, roleId, locationId));
  }

  /** Every permission the user holds, through inheritance, with its location scope. */
  public Future<EffectivePermissions> effective(UUID tenantId, UUID userId) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.effective(conn, tenantId, userId))
        .map(grants -> new EffectivePermissions(tenantId, userId, grants));
  }

  /**
   * Decides whether the user holds {@code permission}: tenant-wide, or over the subtree containing
   * {@code locationId} when given, or by the "own" rule when {@code ownerId} is the user.
   */
  public Future<Decision> check(UUID tenantId, UUID userId, String permission, UUID locationId, UUID ownerId) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.effective(conn, tenantId, userId)
        .map(grants -> new EffectivePermissions(tenantId, userId, grants))
        .compose(effective -> locationId == null
            ? Future.succeededFuture(effective.decide(permission, null, ownerId))
            : repository.locationPath(conn, tenantId, locationId)
                .map(path -> effective.decide(permission, path.orElse(null), ownerId))));
  }

  /** The materialised path of a location of the tenant; NotFoundException when there is none. */
  public Future<String> locationPath(UUID tenantId, UUID locationId) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.locationPath(conn, tenantId, locationId))
        .compose(path -> path.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(new NotFoundException("location " + locationId + " not found"))));
  }

  private Future<Void> checkPermissionsExist(SqlConnection conn, List<String> permissions) {
    if (permissions.isEmpty()) {
      return Future.succeededFuture();
    }
    return repository.unknownPermissions(conn, permissions)
        .compose(unknown -> unknown.isEmpty()
            ? Future.succeededFuture()
            : Future.failedFuture(new ValidationException("permissions", "unknown permissions: " + unknown)));
  }

  private Future<Role> requireRole(SqlConnection conn, UUID tenantId, UUID roleId) {
    return repository.role(conn, tenantId, roleId)
        .compose(found -> found.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(new NotFoundException("role " + roleId + " not found"))));
  }

  private Future<Role> requireCustomRole(SqlConnection conn, UUID tenantId, UUID roleId) {
    return requireRole(conn, tenantId, roleId)
        .compose(role -> role.builtIn()
            ? Future.failedFuture(new ForbiddenException("built-in role '" + role.key() + "' cannot be changed"))
            : Future.succeededFuture(role));
  }
}
