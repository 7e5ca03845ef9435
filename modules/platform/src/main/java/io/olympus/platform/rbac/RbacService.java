package io.olympus.platform.rbac;

import io.olympus.common.authz.Decision;
import io.olympus.common.authz.EffectivePermissions;
import io.olympus.common.authz.PermissionGrant;
import io.olympus.common.audit.Actor;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.ForbiddenException;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.error.ValidationException;
import io.olympus.common.event.Uuids;
import io.olympus.platform.PlatformChanges;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Optional;
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
  public Future<Role> createRole(UUID tenantId, NewRole request, Actor actor) {
    UUID id = Uuids.v7();
    return Tenancy.inTenant(pool, tenantId, conn -> checkPermissionsExist(conn, request.permissions())
        .compose(ok -> request.parentRoleId() == null
            ? Future.succeededFuture()
            : requireRole(conn, tenantId, request.parentRoleId()).mapEmpty())
        .compose(ok -> repository.insertRole(conn, tenantId, id, request))
        .compose(ok -> requireRole(conn, tenantId, id))
        .compose(role -> changed(conn, tenantId, actor, "role.create", role)));
  }

  /**
   * Changes the parent of a custom role. Fails with ForbiddenException for built-in roles and
   * ValidationException when the new parent inherits (directly or not) from the role: a cycle.
   */
  public Future<Role> setParent(UUID tenantId, UUID roleId, UUID parentId, Actor actor) {
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
        .compose(ok -> requireRole(conn, tenantId, roleId))
        .compose(role -> changed(conn, tenantId, actor, "role.update", role)));
  }

  /** Replaces a custom role's own permissions. */
  public Future<Role> setPermissions(UUID tenantId, UUID roleId, List<String> permissions, Actor actor) {
    return Tenancy.inTenant(pool, tenantId, conn -> requireCustomRole(conn, tenantId, roleId)
        .compose(role -> checkPermissionsExist(conn, permissions))
        .compose(ok -> repository.replacePermissions(conn, tenantId, roleId, permissions))
        .compose(ok -> requireRole(conn, tenantId, roleId))
        .compose(role -> changed(conn, tenantId, actor, "role.update", role)));
  }

  /**
   * Assigns a role to a user, tenant-wide or (with {@code locationId}) over a location subtree.
   * Returns false when the same assignment already existed.
   */
  public Future<Boolean> assign(UUID tenantId, UUID userId, UUID roleId, UUID locationId, Actor actor) {
    return Tenancy.inTenant(pool, tenantId, conn -> requireRole(conn, tenantId, roleId)
        .compose(role -> locationId == null
            ? Future.succeededFuture()
            : repository.locationPath(conn, tenantId, locationId)
                .compose(path -> path.isPresent()
                    ? Future.succeededFuture()
                    : Future.failedFuture(new NotFoundException("location " + locationId + " not found"))))
        .compose(ok -> repository.assign(conn, tenantId, userId, roleId, locationId, actorUser(actor)))
        .compose(added -> !added ? Future.succeededFuture(false)
            : PlatformChanges.record(conn, tenantId, actor, "user.role.assign", "user", userId.toString(),
                assignment(userId, roleId, locationId, "assigned"), "user.role_changed").map(v -> true)));
  }

  /** Removes an assignment; false when there was none. */
  public Future<Boolean> unassign(UUID tenantId, UUID userId, UUID roleId, UUID locationId, Actor actor) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.unassign(conn, tenantId, userId, roleId, locationId)
        .compose(removed -> !removed ? Future.succeededFuture(false)
            : PlatformChanges.record(conn, tenantId, actor, "user.role.unassign", "user", userId.toString(),
                assignment(userId, roleId, locationId, "unassigned"), "user.role_changed").map(v -> true)));
  }

  /** Every permission the user holds, through inheritance, with its location scope. */
  public Future<EffectivePermissions> effective(UUID tenantId, UUID userId) {
    // one pipelined round trip: BEGIN READ ONLY, the tenant, the query and COMMIT go out together
    return Tenancy.readInTenant(pool, tenantId, conn -> repository.effective(conn, tenantId, userId))
        .map(grants -> new EffectivePermissions(tenantId, userId, grants));
  }

  /**
   * Decides whether the user holds {@code permission}: tenant-wide, or over the subtree containing
   * {@code locationId} when given, or by the "own" rule when {@code ownerId} is the user.
   */
  public Future<Decision> check(UUID tenantId, UUID userId, String permission, UUID locationId, UUID ownerId) {
    // both reads issued at once, in one pipelined round trip
    return Tenancy.readInTenant(pool, tenantId, conn -> {
      Future<List<PermissionGrant>> grants = repository.effective(conn, tenantId, userId);
      Future<Optional<String>> path = locationId == null
          ? Future.succeededFuture(Optional.empty())
          : repository.locationPath(conn, tenantId, locationId);
      return Future.all(grants, path).map(both -> new EffectivePermissions(tenantId, userId, grants.result())
          .decide(permission, path.result().orElse(null), ownerId));
    });
  }

  /** The materialised path of a location of the tenant; NotFoundException when there is none. */
  public Future<String> locationPath(UUID tenantId, UUID locationId) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.locationPath(conn, tenantId, locationId))
        .compose(path -> path.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(new NotFoundException("location " + locationId + " not found"))));
  }

  private Future<Role> changed(SqlConnection conn, UUID tenantId, Actor actor, String action, Role role) {
    return PlatformChanges.record(conn, tenantId, actor, action, "role", role.id().toString(), role.toJson(),
            "role.updated")
        .map(v -> role);
  }

  private static JsonObject assignment(UUID userId, UUID roleId, UUID locationId, String change) {
    return new JsonObject()
        .put("user_id", userId.toString())
        .put("role_id", roleId.toString())
        .put("location_id", locationId == null ? null : locationId.toString())
        .put("change", change);
  }

  private static UUID actorUser(Actor actor) {
    try {
      return "user".equals(actor.type()) && actor.id() != null ? UUID.fromString(actor.id()) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
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
