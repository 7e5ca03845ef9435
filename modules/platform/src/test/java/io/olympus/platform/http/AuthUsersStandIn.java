package io.olympus.platform.http;

import io.olympus.common.bus.BusErrors;
import io.olympus.common.error.ConflictException;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.security.AuthAddresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for the auth service's accounts on the bus of a platform test ({@code auth.users.get}, {@code .list},
 * {@code .deactivate}), with the answers the real directory gives (the same calls run against it in modules/app,
 * {@code UserAdminFlowTest}): a user the test {@link #add}ed to a tenant, 404 for any other id, 409 for the last
 * active owner.
 */
final class AuthUsersStandIn {

  private record Key(UUID tenantId, UUID userId) {}

  private final Map<Key, String> statuses = new ConcurrentHashMap<>();

  static AuthUsersStandIn install(Vertx vertx) {
    AuthUsersStandIn users = new AuthUsersStandIn();
    vertx.eventBus().<JsonObject>consumer(AuthAddresses.USERS_GET, msg -> {
      Key key = key(msg.body(), "user_id");
      String status = users.statuses.get(key);
      if (status == null) {
        BusErrors.fail(msg, new NotFoundException("No such user"));
      } else {
        msg.reply(user(key, status));
      }
    });
    vertx.eventBus().<JsonObject>consumer(AuthAddresses.USERS_LIST, msg -> {
      UUID tenant = UUID.fromString(msg.body().getString("tenant_id"));
      JsonArray ids = msg.body().getJsonArray("user_ids", new JsonArray());
      String wanted = msg.body().getString("status");
      int limit = msg.body().getInteger("limit", 50);
      JsonArray found = new JsonArray();
      for (Object id : ids) {
        Key key = new Key(tenant, UUID.fromString((String) id));
        String status = users.statuses.get(key);
        if (status != null && (wanted == null || wanted.equals(status)) && found.size() < limit) {
          found.add(user(key, status));
        }
      }
      msg.reply(new JsonObject().put("users", found).putNull("next_cursor"));
    });
    vertx.eventBus().<JsonObject>consumer(AuthAddresses.USERS_DEACTIVATE, msg -> {
      Key key = key(msg.body(), "user_id");
      if (!users.statuses.containsKey(key)) {
        BusErrors.fail(msg, new NotFoundException("No such user"));
        return;
      }
      JsonArray owners = msg.body().getJsonArray("owner_ids", new JsonArray());
      boolean anotherActiveOwner = owners.stream().map(id -> new Key(key.tenantId(), UUID.fromString((String) id)))
          .anyMatch(owner -> !owner.equals(key) && "active".equals(users.statuses.get(owner)));
      if (owners.contains(key.userId().toString()) && !anotherActiveOwner) {
        BusErrors.fail(msg, new ConflictException("The tenant's last active owner cannot be deactivated"));
        return;
      }
      users.statuses.put(key, "deactivated");
      msg.reply(user(key, "deactivated"));
    });
    return users;
  }

  /** {@code userId} becomes an active account of {@code tenantId}. */
  void add(UUID tenantId, UUID userId) {
    statuses.put(new Key(tenantId, userId), "active");
  }

  void deactivate(UUID tenantId, UUID userId) {
    statuses.put(new Key(tenantId, userId), "deactivated");
  }

  String status(UUID tenantId, UUID userId) {
    return statuses.get(new Key(tenantId, userId));
  }

  private static Key key(JsonObject body, String field) {
    return new Key(UUID.fromString(body.getString("tenant_id")), UUID.fromString(body.getString(field)));
  }

  private static JsonObject user(Key key, String status) {
    String now = Instant.now().toString();
    return new JsonObject().put("id", key.userId().toString()).put("email", key.userId() + "@example.test")
        .putNull("display_name").put("status", status).put("email_verified", true).put("created_at", now)
        .put("updated_at", now).put("deactivated_at", "deactivated".equals(status) ? now : null)
        .putNull("last_login_at").putNull("last_seen_at");
  }
}
