package io.olympus.platform.user;

import io.olympus.common.audit.Actor;
import io.olympus.common.bus.BusClient;
import io.olympus.common.security.AuthAddresses;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/** Typed client of the auth service's {@code auth.users.*} addresses; failures come back as the auth's domain errors. */
public final class AuthUsersClient {


  private final BusClient bus;

  public AuthUsersClient(BusClient bus) {
    this.bus = bus;
  }

  /** A page request; null fields are left out. */
  public record ListRequest(String search, String status, List<UUID> userIds, Integer limit, String cursor) {}

  public Future<JsonObject> list(UUID tenantId, ListRequest request) {
    JsonObject body = new JsonObject().put("tenant_id", tenantId.toString());
    putIfSet(body, "q", request.search());
    putIfSet(body, "status", request.status());
    putIfSet(body, "limit", request.limit());
    putIfSet(body, "cursor", request.cursor());
    if (request.userIds() != null) {
      body.put("user_ids", new JsonArray(request.userIds().stream().map(UUID::toString).toList()));
    }
    return request(AuthAddresses.USERS_LIST, body);
  }

  public Future<JsonObject> get(UUID tenantId, UUID userId) {
    return request(AuthAddresses.USERS_GET, ids(tenantId, userId));
  }

  public Future<JsonObject> updateDisplayName(UUID tenantId, UUID userId, String displayName, Actor actor) {
    return request(AuthAddresses.USERS_UPDATE, ids(tenantId, userId).put("display_name", displayName)
        .put("actor", actor.toJson()));
  }

  public Future<JsonObject> deactivate(UUID tenantId, UUID userId, List<UUID> ownerIds, Actor actor) {
    return request(AuthAddresses.USERS_DEACTIVATE, ids(tenantId, userId)
        .put("owner_ids", new JsonArray(ownerIds.stream().map(UUID::toString).toList()))
        .put("actor", actor.toJson()));
  }

  public Future<JsonObject> reactivate(UUID tenantId, UUID userId, Actor actor) {
    return request(AuthAddresses.USERS_REACTIVATE, ids(tenantId, userId).put("actor", actor.toJson()));
  }

  /** True when at least one of {@code userIds} is an active user of the tenant (for the last-owner rule). */
  public Future<Boolean> anyActive(UUID tenantId, List<UUID> userIds) {
    if (userIds.isEmpty()) {
      return Future.succeededFuture(false);
    }
    return list(tenantId, new ListRequest(null, "active", userIds, 1, null))
        .map(page -> !page.getJsonArray("users", new JsonArray()).isEmpty());
  }

  /** {@code {active, deactivated}}. */
  public Future<JsonObject> count(UUID tenantId) {
    return request(AuthAddresses.USERS_COUNT, new JsonObject().put("tenant_id", tenantId.toString()));
  }

  private Future<JsonObject> request(String address, JsonObject body) {
    return bus.request(address, body);
  }

  private static JsonObject ids(UUID tenantId, UUID userId) {
    return new JsonObject().put("tenant_id", tenantId.toString()).put("user_id", userId.toString());
  }

  private static void putIfSet(JsonObject body, String key, Object value) {
    if (value != null) {
      body.put(key, value);
    }
  }
}
