package io.olympus.common.account;

import io.olympus.common.audit.Actor;
import io.olympus.common.json.JsonInput;
import io.olympus.common.security.AuthAddresses;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The auth service's user accounts as tenant administrators see them (the platform's users admin view). Implemented by
 * the auth service (served on the bus by {@link UserAccountsBusAdapter}), by {@link UserAccountsClient} for the
 * consumers, and by the shared fake in common's test-jar.
 *
 * <p>Wire format ({@code auth.users.*} of {@link AuthAddresses}; failure code = HTTP status, message = JSON problem,
 * {@code io.olympus.common.bus.BusErrors}; every request carries {@code tenant_id}, a user of another tenant is 404, a
 * malformed request 400 naming the field; a user is replied as {@link AccountUser}):
 * <ul>
 *   <li>{@code auth.users.list}: {@code {tenant_id, q?, status?, user_ids?, limit?, cursor?}} ({@link Query}) →
 *       {@code {users: [user…], next_cursor}} ({@link Page}; creation order, {@code next_cursor} null on the last page).</li>
 *   <li>{@code auth.users.get}: {@code {tenant_id, user_id}} → user; 404.</li>
 *   <li>{@code auth.users.update}: {@code {tenant_id, user_id, display_name (1–100), actor}} → user (audited,
 *       {@code user.updated}); 400, 404.</li>
 *   <li>{@code auth.users.deactivate}: {@code {tenant_id, user_id, owner_ids?, actor}} → user, every session revoked;
 *       409 when the user is the last active one of {@code owner_ids}; 404. Idempotent.</li>
 *   <li>{@code auth.users.reactivate}: {@code {tenant_id, user_id, actor}} → user; 403 {@code quota-exceeded} at the
 *       plan's user limit; 404. Idempotent.</li>
 *   <li>{@code auth.users.count}: {@code {tenant_id}} → {@code {active, deactivated}} ({@link Counts}).</li>
 * </ul>
 * {@code actor} is {@code {type, id, ip, request_id}} ({@link Actor}), recorded in the audit entry.
 */
public interface UserAccounts {

  int MAX_LIMIT = 100;
  int DEFAULT_LIMIT = 50;
  int MAX_USER_IDS = 10_000;

  /** A page of the tenant's users. */
  Future<Page> list(UUID tenantId, Query query);

  /** One user; NotFoundException for an unknown id or a user of another tenant. */
  Future<AccountUser> get(UUID tenantId, UUID userId);

  /** Changes the display name; ValidationException, NotFoundException. */
  Future<AccountUser> updateDisplayName(UUID tenantId, UUID userId, String displayName, Actor actor);

  /** Deactivates the user; ConflictException for the last active owner among {@code ownerIds}, NotFoundException. */
  Future<AccountUser> deactivate(UUID tenantId, UUID userId, List<UUID> ownerIds, Actor actor);

  /** Reactivates the user; 403 {@code quota-exceeded} at the plan's user limit, NotFoundException. */
  Future<AccountUser> reactivate(UUID tenantId, UUID userId, Actor actor);

  /** The tenant's user counts. */
  Future<Counts> count(UUID tenantId);

  /** True when at least one of {@code userIds} is an active user of the tenant (for the last-owner rule). */
  default Future<Boolean> anyActive(UUID tenantId, List<UUID> userIds) {
    if (userIds.isEmpty()) {
      return Future.succeededFuture(false);
    }
    return list(tenantId, new Query(null, AccountUser.ACTIVE, userIds, 1, null)).map(page -> !page.users().isEmpty());
  }

  /**
   * A page request; null fields are left out: {@code search} a substring of the email or display name (1 to 100
   * characters, case-insensitive), {@code status} {@code active} or {@code deactivated}, {@code userIds} (at most
   * 10,000) restricts to those ids, {@code limit} 1 to 100 (default 50), {@code cursor} the previous page's
   * {@code next_cursor}.
   */
  record Query(String search, String status, List<UUID> userIds, Integer limit, String cursor) {

    public JsonObject toJson(UUID tenantId) {
      JsonObject body = new JsonObject().put("tenant_id", tenantId.toString());
      putIfSet(body, "q", search);
      putIfSet(body, "status", status);
      putIfSet(body, "limit", limit);
      putIfSet(body, "cursor", cursor);
      if (userIds != null) {
        body.put("user_ids", new JsonArray(userIds.stream().map(UUID::toString).toList()));
      }
      return body;
    }

    /** Reads the query fields of a list request into {@code in} (its errors reported by the caller's validate). */
    public static Query read(JsonInput in) {
      String search = in.optionalString("q", 1, 100);
      String status = in.oneOf("status", Set.of(AccountUser.ACTIVE, AccountUser.DEACTIVATED), null);
      List<UUID> userIds = in.uuids("user_ids", MAX_USER_IDS);
      Integer limit = in.optionalInt("limit", 1, MAX_LIMIT);
      UUID cursor = in.optionalUuid("cursor");
      return new Query(search, status, userIds, limit == null ? DEFAULT_LIMIT : limit,
          cursor == null ? null : cursor.toString());
    }

    private static void putIfSet(JsonObject body, String key, Object value) {
      if (value != null) {
        body.put(key, value);
      }
    }
  }

  /** A page of users and the cursor of the next one (null on the last page). */
  record Page(List<AccountUser> users, String nextCursor) {

    public Page {
      users = List.copyOf(users);
    }

    public JsonObject toJson() {
      JsonArray list = new JsonArray();
      users.forEach(u -> list.add(u.toJson()));
      return new JsonObject().put("users", list).put("next_cursor", nextCursor);
    }

    public static Page fromJson(JsonObject json) {
      List<AccountUser> users = new ArrayList<>();
      JsonArray list = json.getJsonArray("users", new JsonArray());
      for (int i = 0; i < list.size(); i++) {
        users.add(AccountUser.fromJson(list.getJsonObject(i)));
      }
      return new Page(users, json.getString("next_cursor"));
    }
  }

  /** User counts of a tenant. */
  record Counts(long active, long deactivated) {

    public JsonObject toJson() {
      return new JsonObject().put("active", active).put("deactivated", deactivated);
    }

    public static Counts fromJson(JsonObject json) {
      return new Counts(json.getLong("active", 0L), json.getLong("deactivated", 0L));
    }
  }
}
