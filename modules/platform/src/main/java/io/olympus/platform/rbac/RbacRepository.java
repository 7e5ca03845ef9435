package io.olympus.platform.rbac;

import io.olympus.common.authz.PermissionGrant;
import io.olympus.common.error.ConflictException;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads and writes roles, grants and assignments; every statement names the tenant. */
public final class RbacRepository {

  public Future<List<Role>> roles(SqlClient client, UUID tenantId) {
    return client.preparedQuery(RbacSql.ROLES)
        .execute(Tuple.of(tenantId))
        .map(rows -> {
          List<Role> list = new ArrayList<>();
          for (Row row : rows) {
            list.add(Role.MAPPER.apply(row));
          }
          return list;
        });
  }

  public Future<Optional<Role>> role(SqlClient client, UUID tenantId, UUID roleId) {
    return client.preparedQuery(RbacSql.ROLE_BY_ID)
        .execute(Tuple.of(tenantId, roleId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Role.MAPPER.apply(rows.iterator().next())));
  }

  /** Ids of the role and its ancestors, nearest first. */
  public Future<List<UUID>> ancestors(SqlClient client, UUID tenantId, UUID roleId) {
    return client.preparedQuery(RbacSql.ANCESTORS)
        .execute(Tuple.of(tenantId, roleId))
        .map(rows -> {
          List<UUID> ids = new ArrayList<>();
          for (Row row : rows) {
            ids.add(row.getUUID("id"));
          }
          return ids;
        });
  }

  public Future<List<String>> unknownPermissions(SqlClient client, List<String> permissions) {
    return client.preparedQuery(RbacSql.UNKNOWN_PERMISSIONS)
        .execute(Tuple.of(permissions.toArray(String[]::new)))
        .map(rows -> {
          List<String> unknown = new ArrayList<>();
          for (Row row : rows) {
            unknown.add(row.getString(0));
          }
          return unknown;
        });
  }

  public Future<Void> insertRole(SqlClient client, UUID tenantId, UUID id, NewRole role) {
    return client.preparedQuery(RbacSql.INSERT_ROLE)
        .execute(Tuple.of(id, tenantId, role.key(), role.name(), role.description(), role.parentRoleId()))
        .compose(done -> client.preparedQuery(RbacSql.INSERT_ROLE_PERMISSIONS)
            .execute(Tuple.of(id, tenantId, role.permissions().toArray(String[]::new))))
        .<Void>mapEmpty()
        .recover(err -> Future.failedFuture(err instanceof PgException pg && "23505".equals(pg.getSqlState())
            ? new ConflictException("role key '" + role.key() + "' is already used")
            : err));
  }

  public Future<Void> replacePermissions(SqlClient client, UUID tenantId, UUID roleId, List<String> permissions) {
    return client.preparedQuery(RbacSql.DELETE_ROLE_PERMISSIONS)
        .execute(Tuple.of(tenantId, roleId))
        .compose(done -> client.preparedQuery(RbacSql.INSERT_ROLE_PERMISSIONS)
            .execute(Tuple.of(roleId, tenantId, permissions.toArray(String[]::new))))
        .mapEmpty();
  }

  public Future<Void> setParent(SqlClient client, UUID tenantId, UUID roleId, UUID parentId) {
    return client.preparedQuery(RbacSql.SET_PARENT)
        .execute(Tuple.of(tenantId, roleId, parentId))
        .mapEmpty();
  }

  /** Adds an assignment; true when it is new. */
  public Future<Boolean> assign(SqlClient client, UUID tenantId, UUID userId, UUID roleId, UUID locationId,
                                UUID grantedBy) {
    return client.preparedQuery(RbacSql.ASSIGN)
        .execute(Tuple.of(tenantId, userId, roleId, locationId, grantedBy))
        .map(rows -> rows.rowCount() > 0);
  }

  /** Removes an assignment; true when there was one. */
  public Future<Boolean> unassign(SqlClient client, UUID tenantId, UUID userId, UUID roleId, UUID locationId) {
    return client.preparedQuery(RbacSql.UNASSIGN)
        .execute(Tuple.of(tenantId, userId, roleId, locationId))
        .map(rows -> rows.rowCount() > 0);
  }

  public Future<List<PermissionGrant>> effective(SqlClient client, UUID tenantId, UUID userId) {
    return client.preparedQuery(RbacSql.EFFECTIVE)
        .execute(Tuple.of(tenantId, userId))
        .map(rows -> {
          List<PermissionGrant> grants = new ArrayList<>();
          for (Row row : rows) {
            grants.add(new PermissionGrant(row.getString("permission"), row.getUUID("location_id"), row.getString("path")));
          }
          return grants;
        });
  }

  /** Every permission of the role, its own and its ancestors'. */
  public Future<List<String>> chainPermissions(SqlClient client, UUID tenantId, UUID roleId) {
    return client.preparedQuery(RbacSql.ROLE_CHAIN_PERMISSIONS)
        .execute(Tuple.of(tenantId, roleId))
        .map(rows -> {
          List<String> permissions = new ArrayList<>();
          for (Row row : rows) {
            permissions.add(row.getString(0));
          }
          return permissions;
        });
  }

  /**
   * The tenant's owners: users holding tenant-wide the owner role or a role inheriting from it. With
   * {@code lock}, their assignments stay locked until the transaction ends (changes of ownership serialise).
   */
  public Future<List<UUID>> owners(SqlClient client, UUID tenantId, boolean lock) {
    return client.preparedQuery(lock ? RbacSql.OWNERS_FOR_UPDATE : RbacSql.OWNERS)
        .execute(Tuple.of(tenantId, RbacService.OWNER_ROLE))
        .map(rows -> {
          List<UUID> ids = new ArrayList<>();
          for (Row row : rows) {
            if (!ids.contains(row.getUUID(0))) {
              ids.add(row.getUUID(0));
            }
          }
          return ids;
        });
  }

  public Future<Optional<String>> locationPath(SqlClient client, UUID tenantId, UUID locationId) {
    return client.preparedQuery(RbacSql.LOCATION_PATH)
        .execute(Tuple.of(tenantId, locationId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString(0)));
  }
}
