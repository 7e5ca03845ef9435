package io.olympus.common.account;

import io.olympus.common.audit.Actor;
import io.olympus.common.bus.BusClient;
import io.olympus.common.security.AuthAddresses;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/**
 * The consumers' side of {@link UserAccounts} over the auth service's {@code auth.users.*} addresses (through
 * {@link BusClient}: deadline and circuit breaker); failures come back as the auth service's domain errors.
 */
public final class UserAccountsClient implements UserAccounts {

  private final BusClient bus;

  public UserAccountsClient(BusClient bus) {
    this.bus = bus;
  }

  @Override
  public Future<Page> list(UUID tenantId, Query query) {
    return request(AuthAddresses.USERS_LIST, query.toJson(tenantId)).map(Page::fromJson);
  }

  @Override
  public Future<AccountUser> get(UUID tenantId, UUID userId) {
    return request(AuthAddresses.USERS_GET, ids(tenantId, userId)).map(AccountUser::fromJson);
  }

  @Override
  public Future<AccountUser> updateDisplayName(UUID tenantId, UUID userId, String displayName, Actor actor) {
    return request(AuthAddresses.USERS_UPDATE, ids(tenantId, userId).put("display_name", displayName)
        .put("actor", actor.toJson())).map(AccountUser::fromJson);
  }

  @Override
  public Future<AccountUser> deactivate(UUID tenantId, UUID userId, List<UUID> ownerIds, Actor actor) {
    return request(AuthAddresses.USERS_DEACTIVATE, ids(tenantId, userId)
        .put("owner_ids", new JsonArray(ownerIds.stream().map(UUID::toString).toList()))
        .put("actor", actor.toJson())).map(AccountUser::fromJson);
  }

  @Override
  public Future<AccountUser> reactivate(UUID tenantId, UUID userId, Actor actor) {
    return request(AuthAddresses.USERS_REACTIVATE, ids(tenantId, userId).put("actor", actor.toJson()))
        .map(AccountUser::fromJson);
  }

  @Override
  public Future<Counts> count(UUID tenantId) {
    return request(AuthAddresses.USERS_COUNT, new JsonObject().put("tenant_id", tenantId.toString())).map(Counts::fromJson);
  }

  private Future<JsonObject> request(String address, JsonObject body) {
    return bus.request(address, body);
  }

  private static JsonObject ids(UUID tenantId, UUID userId) {
    return new JsonObject().put("tenant_id", tenantId.toString()).put("user_id", userId.toString());
  }
}
