package io.olympus.common.account;

import io.olympus.common.audit.Actor;
import io.olympus.common.bus.BusEndpoints;
import io.olympus.common.json.JsonInput;
import io.olympus.common.security.AuthAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Serves the {@code auth.users.*} addresses from a {@link UserAccounts} (wire format: {@link UserAccounts}). */
public final class UserAccountsBusAdapter {

  private UserAccountsBusAdapter() {}

  /** Registers the consumers; unregister the returned handle to stop. */
  public static BusEndpoints.Registration register(Vertx vertx, UserAccounts accounts) {
    return BusEndpoints.on(vertx)
        .serve(AuthAddresses.USERS_LIST, decoded(in -> {
          UUID tenantId = in.requiredUuid("tenant_id");
          UserAccounts.Query query = UserAccounts.Query.read(in);
          in.validate();
          return accounts.list(tenantId, query).map(UserAccounts.Page::toJson);
        }))
        .serve(AuthAddresses.USERS_GET, decoded(in -> {
          UUID tenantId = in.requiredUuid("tenant_id");
          UUID userId = in.requiredUuid("user_id");
          in.validate();
          return accounts.get(tenantId, userId).map(AccountUser::toJson);
        }))
        .serve(AuthAddresses.USERS_UPDATE, decoded(in -> {
          UUID tenantId = in.requiredUuid("tenant_id");
          UUID userId = in.requiredUuid("user_id");
          String name = in.requiredString("display_name", 1, 100);
          Actor actor = Actor.fromJson(in.optionalObject("actor"));
          in.validate();
          return accounts.updateDisplayName(tenantId, userId, name, actor).map(AccountUser::toJson);
        }))
        .serve(AuthAddresses.USERS_DEACTIVATE, decoded(in -> {
          UUID tenantId = in.requiredUuid("tenant_id");
          UUID userId = in.requiredUuid("user_id");
          List<UUID> owners = in.uuids("owner_ids", UserAccounts.MAX_USER_IDS);
          Actor actor = Actor.fromJson(in.optionalObject("actor"));
          in.validate();
          return accounts.deactivate(tenantId, userId, owners == null ? List.of() : owners, actor).map(AccountUser::toJson);
        }))
        .serve(AuthAddresses.USERS_REACTIVATE, decoded(in -> {
          UUID tenantId = in.requiredUuid("tenant_id");
          UUID userId = in.requiredUuid("user_id");
          Actor actor = Actor.fromJson(in.optionalObject("actor"));
          in.validate();
          return accounts.reactivate(tenantId, userId, actor).map(AccountUser::toJson);
        }))
        .serve(AuthAddresses.USERS_COUNT, decoded(in -> {
          UUID tenantId = in.requiredUuid("tenant_id");
          in.validate();
          return accounts.count(tenantId).map(UserAccounts.Counts::toJson);
        }))
        .registration();
  }

  private static Function<JsonObject, Future<JsonObject>> decoded(Function<JsonInput, Future<JsonObject>> handler) {
    return body -> handler.apply(new JsonInput(body));
  }
}
