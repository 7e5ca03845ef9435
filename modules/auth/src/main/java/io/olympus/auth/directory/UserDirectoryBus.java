package io.olympus.auth.directory;

import io.olympus.common.audit.Actor;
import io.olympus.common.bus.BusErrors;
import io.olympus.common.json.JsonInput;
import io.olympus.common.security.AuthAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** Serves the {@code auth.users.*} addresses of {@link AuthAddresses} from a {@link UserDirectory}. */
public final class UserDirectoryBus {

  static final int MAX_LIMIT = 100;
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_USER_IDS = 10_000;

  private UserDirectoryBus() {}

  /** Registers the consumers; the caller unregisters them on close. */
  public static List<MessageConsumer<JsonObject>> register(Vertx vertx, UserDirectory directory) {
    return List.of(
        serve(vertx, AuthAddresses.USERS_LIST, in -> list(directory, in)),
        serve(vertx, AuthAddresses.USERS_GET, in -> {
          UUID tenantId = in.requiredUuid("tenant_id");
          UUID userId = in.requiredUuid("user_id");
          in.validate();
          return directory.get(tenantId, userId).map(DirectoryUser::toJson);
        }),
        serve(vertx, AuthAddresses.USERS_UPDATE, in -> {
          UUID tenantId = in.requiredUuid("tenant_id");
          UUID userId = in.requiredUuid("user_id");
          String name = in.requiredString("display_name", 1, 100);
          Actor actor = actor(in);
          in.validate();
          return directory.updateDisplayName(tenantId, userId, name, actor).map(DirectoryUser::toJson);
        }),
        serve(vertx, AuthAddresses.USERS_DEACTIVATE, in -> {
          UUID tenantId = in.requiredUuid("tenant_id");
          UUID userId = in.requiredUuid("user_id");
          List<UUID> owners = in.uuids("owner_ids", MAX_USER_IDS);
          Actor actor = actor(in);
          in.validate();
          return directory.deactivate(tenantId, userId, owners, actor).map(DirectoryUser::toJson);
        }),
        serve(vertx, AuthAddresses.USERS_REACTIVATE, in -> {
          UUID tenantId = in.requiredUuid("tenant_id");
          UUID userId = in.requiredUuid("user_id");
          Actor actor = actor(in);
          in.validate();
          return directory.reactivate(tenantId, userId, actor).map(DirectoryUser::toJson);
        }),
        serve(vertx, AuthAddresses.USERS_COUNT, in -> {
          UUID tenantId = in.requiredUuid("tenant_id");
          in.validate();
          return directory.count(tenantId)
              .map(counts -> new JsonObject().put("active", counts.active()).put("deactivated", counts.deactivated()));
        }));
  }

  private static Future<JsonObject> list(UserDirectory directory, JsonInput in) {
    UUID tenantId = in.requiredUuid("tenant_id");
    String search = in.optionalString("q", 1, 100);
    String status = in.oneOf("status", Set.of(DirectoryUser.ACTIVE, DirectoryUser.DEACTIVATED), null);
    List<UUID> userIds = in.uuids("user_ids", MAX_USER_IDS);
    Integer limit = in.optionalInt("limit", 1, MAX_LIMIT);
    UUID after = in.optionalUuid("cursor");
    in.validate();
    return directory.list(tenantId, new UserDirectory.Query(search, status, userIds, after,
            limit == null ? DEFAULT_LIMIT : limit))
        .map(page -> {
          JsonArray users = new JsonArray();
          page.users().forEach(u -> users.add(u.toJson()));
          return new JsonObject().put("users", users).put("next_cursor", page.nextCursor());
        });
  }

  private static Actor actor(JsonInput in) {
    return Actor.fromJson(in.optionalObject("actor"));
  }

  private static MessageConsumer<JsonObject> serve(Vertx vertx, String address,
      Function<JsonInput, Future<JsonObject>> handler) {
    return vertx.eventBus().consumer(address, msg -> answer(msg, handler));
  }

  private static void answer(Message<JsonObject> msg, Function<JsonInput, Future<JsonObject>> handler) {
    Future<JsonObject> reply;
    try {
      reply = handler.apply(JsonInput.of(msg.body(), "body"));
    } catch (RuntimeException e) {
      reply = Future.failedFuture(e);
    }
    reply.onSuccess(msg::reply).onFailure(err -> BusErrors.fail(msg, err));
  }
}
