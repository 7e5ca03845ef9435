package io.olympus.platform.user;

import io.olympus.common.account.AccountUser;
import io.olympus.common.account.UserAccounts;
import io.olympus.common.audit.Actor;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.ConflictException;
import io.olympus.common.error.ForbiddenException;
import io.olympus.platform.rbac.RbacRepository;
import io.olympus.platform.rbac.RbacService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The tenant administrators' view of users: accounts from the auth service (over the bus), each shown with its role
 * assignments and locations from the platform's own tables. Changes are made, audited and announced by the auth
 * service in one transaction.
 */
public final class UserAdminService {

  /** The built-in owner role: deactivating the tenant's last active owner is refused. */
  public static final UUID OWNER_ROLE = RbacService.OWNER_ROLE;

  private final Pool pool;
  private final UserAccounts auth;
  private final RbacRepository rbac = new RbacRepository();

  public UserAdminService(Pool pool, UserAccounts auth) {
    this.pool = pool;
    this.auth = auth;
  }

  /** A page of the tenant's users ({@code items}, {@code next_cursor}); {@code roleId} restricts to its holders. */
  public Future<JsonObject> list(UUID tenantId, UserAccounts.Query request, UUID roleId) {
    Future<List<UUID>> holders = roleId == null
        ? Future.succeededFuture(null)
        : userIds(tenantId, UserAdminSql.HOLDERS, roleId);
    return holders
        .compose(ids -> auth.list(tenantId, new UserAccounts.Query(request.search(), request.status(), ids,
            request.limit(), request.cursor())))
        .compose(page -> withAssignments(tenantId, page.toJson().getJsonArray("users"))
            .map(users -> new JsonObject().put("items", users).put("next_cursor", page.nextCursor())));
  }

  /** One user with assignments; fails with NotFoundException for an unknown or another tenant's id. */
  public Future<JsonObject> get(UUID tenantId, UUID userId) {
    return auth.get(tenantId, userId).compose(user -> one(tenantId, user));
  }

  public Future<JsonObject> updateDisplayName(UUID tenantId, UUID userId, String displayName, Actor actor) {
    return auth.updateDisplayName(tenantId, userId, displayName, actor).compose(user -> one(tenantId, user));
  }

  /**
   * Deactivates a user (auth revokes every session at once). Fails with ConflictException when the caller deactivates
   * themselves or the tenant's last active owner (the auth service checks the latter under row locks), with
   * ForbiddenException when the user is an owner and the caller is not, NotFoundException. The owners' assignments stay
   * locked while auth deactivates, so removals of the owner role and deactivations of owners run one after the other.
   */
  public Future<JsonObject> deactivate(UUID tenantId, UUID callerId, UUID userId, Actor actor) {
    if (userId.equals(callerId)) {
      return Future.failedFuture(new ConflictException("You cannot deactivate your own account"));
    }
    return Tenancy.inTenant(pool, tenantId, conn -> rbac.owners(conn, tenantId, true)
            .compose(owners -> owners.contains(userId) && (callerId == null || !owners.contains(callerId))
                ? Future.<AccountUser>failedFuture(new ForbiddenException("Only an owner can deactivate an owner"))
                : auth.deactivate(tenantId, userId, owners, actor)))
        .compose(user -> one(tenantId, user));
  }

  /** Reactivates a user; fails with NotFoundException, or 403 quota-exceeded at the plan's user limit. */
  public Future<JsonObject> reactivate(UUID tenantId, UUID userId, Actor actor) {
    return auth.reactivate(tenantId, userId, actor).compose(user -> one(tenantId, user));
  }

  private Future<JsonObject> one(UUID tenantId, AccountUser user) {
    return withAssignments(tenantId, new JsonArray().add(user.toJson())).map(users -> users.getJsonObject(0));
  }

  private Future<List<UUID>> userIds(UUID tenantId, String sql, UUID roleId) {
    return Tenancy.inTenant(pool, tenantId, conn -> conn.preparedQuery(sql).execute(Tuple.of(tenantId, roleId)))
        .map(rows -> {
          List<UUID> ids = new ArrayList<>();
          rows.forEach(row -> ids.add(row.getUUID("user_id")));
          return ids;
        });
  }

  /** Adds {@code roles} ({@code role_id, key, name, location_id}) and {@code location_ids} to each user. */
  private Future<JsonArray> withAssignments(UUID tenantId, JsonArray users) {
    if (users.isEmpty()) {
      return Future.succeededFuture(users);
    }
    UUID[] ids = new UUID[users.size()];
    for (int i = 0; i < users.size(); i++) {
      ids[i] = UUID.fromString(users.getJsonObject(i).getString("id"));
    }
    return Tenancy.inTenant(pool, tenantId, conn -> conn.preparedQuery(UserAdminSql.ASSIGNMENTS)
            .execute(Tuple.tuple().addUUID(tenantId).addArrayOfUUID(ids)))
        .map(rows -> {
          Map<UUID, JsonArray> roles = new LinkedHashMap<>();
          Map<UUID, Set<String>> locations = new LinkedHashMap<>();
          for (Row row : rows) {
            UUID user = row.getUUID("user_id");
            UUID location = row.getUUID("location_id");
            roles.computeIfAbsent(user, k -> new JsonArray()).add(new JsonObject()
                .put("role_id", row.getUUID("role_id").toString())
                .put("key", row.getString("key"))
                .put("name", row.getString("name"))
                .put("location_id", location == null ? null : location.toString()));
            if (location != null) {
              locations.computeIfAbsent(user, k -> new LinkedHashSet<>()).add(location.toString());
            }
          }
          JsonArray out = new JsonArray();
          for (int i = 0; i < users.size(); i++) {
            JsonObject user = users.getJsonObject(i).copy();
            UUID id = ids[i];
            user.put("roles", roles.getOrDefault(id, new JsonArray()));
            user.put("location_ids", new JsonArray(new ArrayList<>(locations.getOrDefault(id, Set.of()))));
            out.add(user);
          }
          return out;
        });
  }
}
