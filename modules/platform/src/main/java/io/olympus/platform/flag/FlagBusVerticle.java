package io.olympus.platform.flag;

import io.olympus.common.bus.BusErrors;
import io.olympus.common.error.ValidationException;
import io.olympus.common.json.JsonInput;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Serves {@link #EVALUATE}: request {@code {tenant_id, user_id, roles?, location_id?}}, reply
 * {@code {flags: {key: {enabled, variant, reason}}}} — the bulk evaluation other services use.
 */
public final class FlagBusVerticle extends VerticleBase {

  public static final String EVALUATE = "platform.flags.evaluate";

  private final FlagService flags;

  public FlagBusVerticle(FlagService flags) {
    this.flags = flags;
  }

  @Override
  public Future<?> start() {
    return vertx.eventBus().<JsonObject>consumer(EVALUATE, this::evaluate).completion();
  }

  private void evaluate(Message<JsonObject> message) {
    Future<JsonObject> result;
    try {
      JsonObject body = message.body() == null ? new JsonObject() : message.body();
      JsonInput in = new JsonInput(body);
      UUID tenant = in.requiredUuid("tenant_id");
      UUID user = in.requiredUuid("user_id");
      UUID location = body.getValue("location_id") == null ? null : in.requiredUuid("location_id");
      List<String> roles = new ArrayList<>();
      if (body.getValue("roles") instanceof JsonArray array) {
        array.forEach(r -> roles.add(String.valueOf(r)));
      }
      in.validate();
      result = flags.evaluateAll(tenant, user, roles, location).map(map -> {
        JsonObject json = new JsonObject();
        map.forEach((key, evaluation) -> json.put(key, evaluation.toJson()));
        return new JsonObject().put("flags", json);
      });
    } catch (ValidationException e) {
      result = Future.failedFuture(e);
    }
    result.onSuccess(message::reply).onFailure(err -> BusErrors.fail(message, err));
  }
}
