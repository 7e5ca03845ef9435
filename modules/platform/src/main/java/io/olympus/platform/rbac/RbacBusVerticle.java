package io.olympus.platform.rbac;

import io.olympus.common.authz.AuthzAddresses;
import io.olympus.common.bus.BusErrors;
import io.olympus.common.error.ValidationException;
import io.olympus.common.json.JsonInput;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** Serves the authorization addresses ({@link AuthzAddresses}) for every service in the cluster. */
public final class RbacBusVerticle extends VerticleBase {

  private final RbacService rbac;

  public RbacBusVerticle(RbacService rbac) {
    this.rbac = rbac;
  }

  @Override
  public Future<?> start() {
    return Future.all(
        vertx.eventBus().<JsonObject>consumer(AuthzAddresses.CHECK, this::check).completion(),
        vertx.eventBus().<JsonObject>consumer(AuthzAddresses.EFFECTIVE, this::effective).completion(),
        vertx.eventBus().<JsonObject>consumer(AuthzAddresses.LOCATION_PATH, this::locationPath).completion());
  }

  private void check(Message<JsonObject> message) {
    reply(message, () -> {
      JsonInput in = new JsonInput(message.body());
      UUID tenant = in.requiredUuid("tenant_id");
      UUID user = in.requiredUuid("user_id");
      String permission = in.requiredString("permission", 3, 100);
      UUID location = message.body().getValue("location_id") == null ? null : in.requiredUuid("location_id");
      UUID owner = message.body().getValue("owner_id") == null ? null : in.requiredUuid("owner_id");
      in.validate();
      return rbac.check(tenant, user, permission, location, owner).map(d -> d.toJson());
    });
  }

  private void effective(Message<JsonObject> message) {
    reply(message, () -> {
      JsonInput in = new JsonInput(message.body());
      UUID tenant = in.requiredUuid("tenant_id");
      UUID user = in.requiredUuid("user_id");
      in.validate();
      return rbac.effective(tenant, user).map(e -> e.toJson());
    });
  }

  private void locationPath(Message<JsonObject> message) {
    reply(message, () -> {
      JsonInput in = new JsonInput(message.body());
      UUID tenant = in.requiredUuid("tenant_id");
      UUID location = in.requiredUuid("location_id");
      in.validate();
      return rbac.locationPath(tenant, location).map(path -> new JsonObject().put("path", path));
    });
  }

  private static void reply(Message<JsonObject> message, java.util.function.Supplier<Future<JsonObject>> work) {
    Future<JsonObject> result;
    try {
      result = work.get();
    } catch (ValidationException e) {
      result = Future.failedFuture(e);
    }
    result.onSuccess(message::reply).onFailure(err -> BusErrors.fail(message, err));
  }
}
