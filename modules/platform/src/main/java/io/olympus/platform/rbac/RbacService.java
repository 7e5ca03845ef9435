package io.olympus.platform.rbac;

import io.olympus.common.authz.Decision;
import io.olympus.common.authz.EffectivePermissions;
import io.olympus.common.authz.PermissionGrant;
import io.olympus.common.audit.Actor;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.ConflictException;
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
import java.util.TreeSet;
import java.util.UUID;

/**
 * Role-based access: built-in roles with inheritance (owner ⊃ admin ⊃ manager ⊃ staff), custom roles
 * inheriting from any visible role (cycles refused), assignments optionally scoped to a location
 * subtree, and the permission check every service relies on.
 */
public final class RbacService {

  /** The built-in owner role. */
  public static final UUID OWNER_ROLE = UUID.fromString("00000000-0000-7000-8000-000000000101");

  private final Pool pool;
  private final RbacRepository repository;
  private final ActiveAccounts accounts;

  /** Without the auth service: removing the owner role fails closed (503), everything else works. */
  public RbacService(Pool pool, RbacRepository repository) {
    this(pool, repository, ActiveAccounts.UNKNOWN);
  }

  public RbacService(Pool pool, RbacRepository repository, ActiveAccounts accounts) {
    this.pool = pool;
    this.repository = repository;
    this.accounts = accounts;
  }

  /** A change of a custom role: each field applies only when its {@code *Set} flag is true. */
  public record RoleChange(boolean parentSet, UUID parentRoleId, boolean permissionsSet, List<String> permissions) {}

  /** Built-in roles and the tenant's custom roles, each with its directly granted permissions. */
  public Future<List<Role>> roles(UUID tenantId) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.roles(conn, tenantId));
  }

  /** As {@link #createRole(UUID, NewRole, Grantor, Actor)} by the system (no escalation check). */
  public Future<Role> createRole(UUID tenantId, NewRole request, Actor actor) {
    return createRole(tenantId, request, Grantor.SYSTEM, actor);
  }

  /**
   * Creates a custom role. Fails with ValidationException naming unknown permissions, NotFoundException for a parent
   * role that is not visible to the tenant, ConflictException for a used key, and ForbiddenException naming the
   * permissions the role would hold (its own and its parent's) that {@code grantor} does not hold tenant-wide, or
   * when the role would inherit from owner and {@code grantor} is no owner.
   */
  public Future<Role> createRole(UUID tenantId, NewRole request, Grantor grantor, Actor actor) {
    UUID id = Uuids.v7();
    return Tenancy.inTenant(pool, tenantId, conn -> checkPermissionsExist(conn, request.permissions())
        .compose(ok -> request.parentRoleId() == null
            ? Future.succeededFuture()
            : requireRole(conn, tenantId, request.parentRoleId()).mapEmpty())
        .compose(ok -> mayDefine(conn, tenantId, grantor, "role '" + request.key() + "'", request.parentRoleId(),
            request.permissions()))
        .compose(ok -> repository.insertRole(conn, tenantId, id, request))
        .compose(ok -> requireRole(conn, tenantId, id))
        .compose(role -> changed(conn, tenantId, actor, "role.create", role)));
  }

  /** Changes the parent of a custom role, by the system (no escalation check). */
  public Future<Role> setParent(UUID tenantId, UUID roleId, UUID parentId, Actor actor) {
    return updateRole(tenantId, roleId, new RoleChange(true, parentId, false, null), Grantor.SYSTEM, actor);
  }

  /** Replaces a custom role's own permissions, by the system (no escalation check). */
  public Future<Role> setPermissions(UUID tenantId, UUID roleId, List<String> permissions, Actor actor) {
    return updateRole(tenantId, roleId, new RoleChange(false, null, true, permissions), Grantor.SYSTEM, actor);
  }

  /**
   * Changes a custom role's parent and/or own permissions in one transaction. Fails with ForbiddenException for
   * built-in roles, ValidationException when the new parent inherits (directly or not) from the role (a cycle) or for
   * unknown permissions, and ForbiddenException naming every permission the role holds before or after the change
   * (through inheritance too) that {@code grantor} does not hold tenant-wide, or when it inherits from owner before
   * or after and {@code grantor} is no owner.
   */
  public Future<Role> updateRole(UUID tenantId, UUID roleId, RoleChange change, Grantor grantor, Actor actor) {
    UUID parentId = change.parentRoleId();
    return Tenancy.inTenant(pool, tenantId, conn -> requireCustomRole(conn, tenantId, roleId)
        .compose(before -> (!change.parentSet() || parentId == null
            ? Future.<Void>succeededFuture()
            : requireRole(conn, tenantId, parentId)
                .compose(parent -> repository.ancestors(conn, tenantId, parentId))
                .compose(chain -> chain.contains(roleId)
                    ? Future.<Void>failedFuture(new ValidationException("parent_role_id",
                        "would make the role inherit from itself (a cycle)"))
                    : Future.<Void>succeededFuture()))
            .compose(ok -> change.permissionsSet() ? checkPermissionsExist(conn, change.permissions())
                : Future.succeededFuture())
            // what the role holds now (its holders keep or lose it) and what it will hold
            .compose(ok -> mayDefine(conn, tenantId, grantor, "role '" + before.key() + "'", before.parentRoleId(),
                before.permissions()))
            .compose(ok -> mayDefine(conn, tenantId, grantor, "role '" + before.key() + "'",
                change.parentSet() ? parentId : before.parentRoleId(),
                change.permissionsSet() ? change.permissions() : before.permissions())))
        .compose(ok -> change.parentSet() ? repository.setParent(conn, tenantId, roleId, parentId)
            : Future.succeededFuture())
        .compose(ok -> change.permissionsSet()
            ? repository.replacePermissions(conn, tenantId, roleId, change.permissions())
            : Future.succeededFuture())
        .compose(ok -> requireRole(conn, tenantId, roleId))
        .compose(role -> changed(conn, tenantId, actor, "role.update", role)));
  }

  /** As {@link #assign(UUID, UUID, UUID, UUID, Grantor, Actor)} by the system (no escalation check). */
  public Future<Boolean> assign(UUID tenantId, UUID userId, UUID roleId, UUID locationId, Actor actor) {
    return assign(tenantId, userId, roleId, locationId, Grantor.SYSTEM, actor);
  }

  /**
   * Assigns a role to a user, tenant-wide or (with {@code locationId}) over a location subtree. Returns false when
   * the same assignment already existed. Fails with NotFoundException for an unknown role or location, and with
   * ForbiddenException naming every permission of the role (through inheritance) that {@code grantor} does not hold
   * at the assignment's scope, or when the role is (or inherits from) owner and {@code grantor} is no owner. The
   * user's existence is the caller's to check (accounts live in the auth service).
   */
  public Future<Boolean> assign(UUID tenantId, UUID userId, UUID roleId, UUID locationId, Grantor grantor,
                                Actor actor) {
    return Tenancy.inTenant(pool, tenantId, conn -> requireRole(conn, tenantId, roleId)
        .compose(role -> scopePath(conn, tenantId, locationId)
            .compose(path -> mayGrant(conn, tenantId, grantor, role, locationId, path, "grant")))
        .compose(ok -> repository.assign(conn, tenantId, userId, roleId, locationId, actorUser(actor)))
        .compose(added -> !added ? Future.succeededFuture(false)
            : PlatformChanges.record(conn, tenantId, actor, "user.role.assign", "user", userId.toString(),
                assignment(userId, roleId, locationId, "assigned"), "user.role_changed").map(v -> true)));
  }

  /** As {@link #unassign(UUID, UUID, UUID, UUID, Grantor, Actor)} by the system (no escalation check). */
  public Future<Boolean> unassign(UUID tenantId, UUID userId, UUID roleId, UUID locationId, Actor actor) {
    return unassign(tenantId, userId, roleId, locationId, Grantor.SYSTEM, actor);
  }

  /**
   * Removes an assignment; false when there was none. The same rules as granting apply (ForbiddenException naming
   * the permissions {@code grantor} lacks; only an owner removes owner), and ConflictException when the user is the
   * tenant's last active owner and the removal would leave the tenant without one. Changes of ownership lock the
   * owners' assignments, so they run one after the other (also against deactivations of owners).
   */
  public Future<Boolean> unassign(UUID tenantId, UUID userId, UUID roleId, UUID locationId, Grantor grantor,
                                  Actor actor) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.role(conn, tenantId, roleId)
        .compose(found -> found.isEmpty() ? Future.succeededFuture(false)
            : scopePath(conn, tenantId, locationId)
                .compose(path -> mayGrant(conn, tenantId, grantor, found.get(), locationId, path, "remove"))
                .compose(ok -> keepAnOwner(conn, tenantId, userId, roleId, locationId))
                .compose(ok -> repository.unassign(conn, tenantId, userId, roleId, locationId))
                .compose(removed -> !removed ? Future.succeededFuture(false)
                    : PlatformChanges.record(conn, tenantId, actor, "user.role.unassign", "user", userId.toString(),
                        assignment(userId, roleId, locationId, "unassigned"), "user.role_changed").map(v -> true))));
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

  /**
   * The no-escalation rule for role definitions: {@code grantor} must hold tenant-wide every permission a role with
   * this parent and these own permissions would hold, and be an owner when the parent is (or inherits from) owner.
   */
  private Future<Void> mayDefine(SqlConnection conn, UUID tenantId, Grantor grantor, String what, UUID parentId,
                                 List<String> own) {
    if (grantor.system()) {
      return Future.succeededFuture();
    }
    Future<List<UUID>> chain = parentId == null ? Future.succeededFuture(List.of())
        : repository.ancestors(conn, tenantId, parentId);
    Future<List<String>> inherited = parentId == null ? Future.succeededFuture(List.of())
        : repository.chainPermissions(conn, tenantId, parentId);
    return Future.all(chain, inherited)
        .compose(both -> {
          TreeSet<String> held = new TreeSet<>(own);
          held.addAll(inherited.result());
          Future<Void> ownerRule = chain.result().contains(OWNER_ROLE)
              ? requireOwner(conn, tenantId, grantor, "define " + what + " inheriting from the owner role")
              : Future.succeededFuture();
          return ownerRule.compose(ok -> requireHeld(conn, tenantId, grantor, held, null, null, "define " + what));
        });
  }

  /**
   * The no-escalation rule for assignments: {@code grantor} must hold every permission of the role (through
   * inheritance) at the assignment's scope, and be an owner when the role is (or inherits from) owner.
   */
  private Future<Void> mayGrant(SqlConnection conn, UUID tenantId, Grantor grantor, Role role, UUID locationId,
                                String scopePath, String verb) {
    if (grantor.system()) {
      return Future.succeededFuture();
    }
    Future<List<UUID>> chain = repository.ancestors(conn, tenantId, role.id());
    Future<List<String>> permissions = repository.chainPermissions(conn, tenantId, role.id());
    String what = verb + " role '" + role.key() + "'";
    return Future.all(chain, permissions)
        .compose(both -> (chain.result().contains(OWNER_ROLE)
            ? requireOwner(conn, tenantId, grantor, what)
            : Future.<Void>succeededFuture())
            .compose(ok -> requireHeld(conn, tenantId, grantor, new TreeSet<>(permissions.result()), locationId,
                scopePath, what)));
  }

  /** ForbiddenException naming every permission of {@code needed} the grantor does not hold at the scope. */
  private Future<Void> requireHeld(SqlConnection conn, UUID tenantId, Grantor grantor, TreeSet<String> needed,
                                   UUID locationId, String scopePath, String what) {
    if (grantor.userId() == null) {
      return Future.failedFuture(new ForbiddenException("You cannot " + what + ": no user acts"));
    }
    return repository.effective(conn, tenantId, grantor.userId())
        .compose(grants -> {
          EffectivePermissions held = new EffectivePermissions(tenantId, grantor.userId(), grants);
          List<String> missing = needed.stream()
              .filter(p -> !held.decide(p, scopePath, null).allowed()
                  || (grantor.isApiKey() && !grantor.apiKeyScopes().contains(p)))
              .toList();
          return missing.isEmpty()
              ? Future.<Void>succeededFuture()
              : Future.<Void>failedFuture(new ForbiddenException("You cannot " + what + ": you do not hold "
                  + String.join(", ", missing) + (locationId == null ? " tenant-wide" : " at location " + locationId)));
        });
  }

  /** Only an owner (a user holding owner tenant-wide, not an API key) grants, removes or builds on the owner role. */
  private Future<Void> requireOwner(SqlConnection conn, UUID tenantId, Grantor grantor, String what) {
    if (grantor.isApiKey() || grantor.userId() == null) {
      return Future.failedFuture(new ForbiddenException("You cannot " + what + ": only an owner, signed in, can"));
    }
    return repository.owners(conn, tenantId, false)
        .compose(owners -> owners.contains(grantor.userId())
            ? Future.<Void>succeededFuture()
            : Future.<Void>failedFuture(new ForbiddenException("You cannot " + what + ": only an owner can")));
  }

  /**
   * Removing a tenant-wide owner assignment: the owners' assignments are locked, and at least one other active owner
   * must stay (ConflictException otherwise).
   */
  private Future<Void> keepAnOwner(SqlConnection conn, UUID tenantId, UUID userId, UUID roleId, UUID locationId) {
    if (locationId != null) {
      return Future.succeededFuture();
    }
    return repository.ancestors(conn, tenantId, roleId)
        .compose(chain -> !chain.contains(OWNER_ROLE) ? Future.<Void>succeededFuture()
            : repository.owners(conn, tenantId, true)
                .compose(owners -> {
                  List<UUID> others = owners.stream().filter(id -> !id.equals(userId)).toList();
                  return others.isEmpty() ? Future.succeededFuture(false) : accounts.anyActive(tenantId, others);
                })
                .compose(anotherActive -> anotherActive
                    ? Future.<Void>succeededFuture()
                    : Future.<Void>failedFuture(new ConflictException(
                        "The tenant's last active owner cannot lose the owner role"))));
  }

  /** The materialised path of the assignment's location (null when tenant-wide); NotFoundException when unknown. */
  private Future<String> scopePath(SqlConnection conn, UUID tenantId, UUID locationId) {
    if (locationId == null) {
      return Future.succeededFuture(null);
    }
    return repository.locationPath(conn, tenantId, locationId)
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
