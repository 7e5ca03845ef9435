package io.olympus.auth.directory;

import io.olympus.auth.account.repository.RequestMeta;
import io.olympus.auth.session.service.SessionService;
import io.olympus.common.audit.Actor;
import io.olympus.common.audit.AuditLog;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.ConflictException;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.event.EventEnvelope;
import io.olympus.common.outbox.OutboxWriter;
import io.olympus.common.security.AuthAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The tenant administrators' view of users: list and search, profile changes, deactivation (sign-in refused, every
 * session and refresh-token family revoked) and reactivation. Every change is audited and announced through the
 * outbox in the transaction that makes it. Every query filters by tenant: another tenant's user is "not found".
 */
public final class UserDirectory {

  /** A page of users and the cursor of the next one (null on the last page). */
  public record Page(List<DirectoryUser> users, String nextCursor) {}

  /** Filters of a list request (already validated); null fields do not filter. */
  public record Query(String search, String status, List<UUID> userIds, UUID after, int limit) {}

  /** User counts of a tenant. */
  public record Counts(long active, long deactivated) {}

  private final Vertx vertx;
  private final Pool pool;
  private final SessionService sessions;

  public UserDirectory(Vertx vertx, Pool pool, SessionService sessions) {
    this.vertx = vertx;
    this.pool = pool;
    this.sessions = sessions;
  }

  /** One page of the tenant's users in creation order. */
  public Future<Page> list(UUID tenantId, Query query) {
    Tuple params = Tuple.tuple()
        .addUUID(tenantId)
        .addString(query.search() == null ? null : "%" + likeEscape(query.search().toLowerCase(Locale.ROOT)) + "%")
        .addString(query.status())
        .addArrayOfUUID(query.userIds() == null ? null : query.userIds().toArray(UUID[]::new))
        .addUUID(query.after())
        .addInteger(query.limit() + 1);
    return Tenancy.inTenant(pool, tenantId, conn -> conn.preparedQuery(UserDirectorySql.PAGE).execute(params))
        .map(rows -> {
          List<DirectoryUser> users = new ArrayList<>();
          rows.forEach(row -> users.add(DirectoryUser.MAPPER.apply(row)));
          if (users.size() <= query.limit()) {
            return new Page(users, null);
          }
          List<DirectoryUser> page = users.subList(0, query.limit());
          return new Page(List.copyOf(page), page.get(page.size() - 1).id().toString());
        });
  }

  /** The user; fails with {@link NotFoundException} when the tenant has no such user. */
  public Future<DirectoryUser> get(UUID tenantId, UUID userId) {
    return Tenancy.inTenant(pool, tenantId, conn -> conn.preparedQuery(UserDirectorySql.BY_ID)
            .execute(Tuple.of(tenantId, userId)))
        .compose(UserDirectory::single);
  }

  /** Changes the display name (audit + {@code user.updated}); fails with {@link NotFoundException}. */
  public Future<DirectoryUser> updateDisplayName(UUID tenantId, UUID userId, String displayName, Actor actor) {
    return Tenancy.inTenant(pool, tenantId, conn -> lock(conn, tenantId, userId)
        .compose(before -> conn.preparedQuery(UserDirectorySql.UPDATE_NAME).execute(Tuple.of(tenantId, userId, displayName))
            .compose(UserDirectory::single)
            .compose(after -> {
              JsonObject changes = new JsonObject().put("display_name",
                  new JsonObject().put("from", before.displayName()).put("to", after.displayName()));
              return announce(conn, after, "user.updated", "user.update", changes, actor).map(after);
            })));
  }

  /**
   * Deactivates the user, then revokes every session and refresh-token family of theirs (also when they were already
   * deactivated: a retry after a failed revocation completes it); their API keys stop verifying. Fails with {@link NotFoundException}, or
   * {@link ConflictException} when the user is one of {@code ownerIds} and no other of them stays active.
   */
  public Future<DirectoryUser> deactivate(UUID tenantId, UUID userId, List<UUID> ownerIds, Actor actor) {
    return Tenancy.inTenant(pool, tenantId, conn -> keepAnOwner(conn, tenantId, userId, ownerIds)
            .compose(v -> lock(conn, tenantId, userId))
            .compose(user -> !user.active()
                ? Future.succeededFuture(user)
                : setStatus(conn, tenantId, userId, DirectoryUser.DEACTIVATED)
                    .compose(after -> announce(conn, after, "user.deactivated", "user.deactivate",
                        new JsonObject().put("status", DirectoryUser.DEACTIVATED), actor).map(after))))
        .compose(user -> sessions.endAllSessions(tenantId, userId, new RequestMeta(actor.ip(), null, actor.requestId()))
            .map(user))
        // the user's API keys stop verifying now; services drop the keys they have cached
        .onSuccess(user -> vertx.eventBus().publish(AuthAddresses.EVENT_API_KEY_REVOKED, new JsonObject()
            .put("tenant_id", tenantId.toString()).put("user_id", userId.toString()).put("reason", "user_deactivated")));
  }

  /**
   * Makes the user active again; fails with {@link NotFoundException}, or {@code QuotaExceededException} when the plan's
   * user limit is reached.
   */
  public Future<DirectoryUser> reactivate(UUID tenantId, UUID userId, Actor actor) {
    return Tenancy.inTenant(pool, tenantId, conn -> lock(conn, tenantId, userId)
        .compose(user -> user.active()
            ? Future.succeededFuture(user)
            : Seats.claim(conn, tenantId)
                .compose(v -> setStatus(conn, tenantId, userId, DirectoryUser.ACTIVE))
                .compose(after -> announce(conn, after, "user.reactivated", "user.reactivate",
                    new JsonObject().put("status", DirectoryUser.ACTIVE), actor).map(after))));
  }

  public Future<Counts> count(UUID tenantId) {
    return Tenancy.inTenant(pool, tenantId, conn -> conn.preparedQuery(UserDirectorySql.COUNT).execute(Tuple.of(tenantId)))
        .map(rows -> {
          Row row = rows.iterator().next();
          return new Counts(row.getLong("active"), row.getLong("deactivated"));
        });
  }

  private Future<Void> keepAnOwner(SqlConnection conn, UUID tenantId, UUID userId, List<UUID> ownerIds) {
    if (ownerIds == null || !ownerIds.contains(userId)) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery(UserDirectorySql.LOCK_OWNERS).execute(Tuple.tuple().addUUID(tenantId).addArrayOfUUID(ownerIds.toArray(UUID[]::new)))
        .compose(rows -> {
          boolean anotherActive = false;
          for (Row row : rows) {
            anotherActive |= !row.getUUID("id").equals(userId) && DirectoryUser.ACTIVE.equals(row.getString("status"));
          }
          return anotherActive
              ? Future.<Void>succeededFuture()
              : Future.failedFuture(new ConflictException("The tenant's last active owner cannot be deactivated"));
        });
  }

  private static Future<DirectoryUser> lock(SqlConnection conn, UUID tenantId, UUID userId) {
    return conn.preparedQuery(UserDirectorySql.LOCK_BY_ID).execute(Tuple.of(tenantId, userId))
        .compose(UserDirectory::single);
  }

  private static Future<DirectoryUser> setStatus(SqlConnection conn, UUID tenantId, UUID userId, String status) {
    return conn.preparedQuery(UserDirectorySql.SET_STATUS).execute(Tuple.of(tenantId, userId, status))
        .compose(UserDirectory::single);
  }

  private static Future<Void> announce(SqlConnection conn, DirectoryUser user, String eventType, String action,
      JsonObject changes, Actor actor) {
    JsonObject payload = new JsonObject().put("user_id", user.id().toString()).put("changes", changes)
        .put("by", actor.id());
    return OutboxWriter.append(conn, EventEnvelope.of(eventType, user.tenantId(), "user", user.id().toString(),
            actor.requestId(), payload))
        .compose(v -> AuditLog.append(conn, actor.entry(user.tenantId(), action, "user", user.id().toString(),
            changes.encode())))
        .mapEmpty();
  }

  private static Future<DirectoryUser> single(RowSet<Row> rows) {
    return rows.size() == 0
        ? Future.failedFuture(new NotFoundException("No such user"))
        : Future.succeededFuture(DirectoryUser.MAPPER.apply(rows.iterator().next()));
  }

  static String likeEscape(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
