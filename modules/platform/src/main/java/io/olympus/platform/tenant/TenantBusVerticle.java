package io.olympus.platform.tenant;

import io.olympus.common.bus.BusErrors;
import io.olympus.common.error.ValidationException;
import io.olympus.common.tenant.TenantAddresses;
import io.olympus.common.tenant.TenantInfo;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** Serves {@link TenantAddresses#RESOLVE} for every service in the cluster. */
public final class TenantBusVerticle extends VerticleBase {

  private final TenantService tenants;
  private MessageConsumer<JsonObject> consumer;

  public TenantBusVerticle(TenantService tenants) {
    this.tenants = tenants;
  }

  @Override
  public Future<?> start() {
    consumer = vertx.eventBus().consumer(TenantAddresses.RESOLVE, this::resolve);
    return consumer.completion();
  }

  private void resolve(Message<JsonObject> message) {
    JsonObject body = message.body() == null ? new JsonObject() : message.body();
    Future<TenantInfo> found;
    if (body.getValue("id") instanceof String id) {
      found = parseUuid(id).compose(tenants::infoById);
    } else if (body.getValue("slug") instanceof String slug) {
      found = tenants.infoBySlug(slug);
    } else {
      found = Future.failedFuture(new ValidationException("slug", "slug or id is required"));
    }
    found.onSuccess(tenant -> message.reply(tenant.toJson()))
        .onFailure(err -> BusErrors.fail(message, err));
  }

  private static Future<UUID> parseUuid(String id) {
    try {
      return Future.succeededFuture(UUID.fromString(id));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new ValidationException("id", "must be a UUID"));
    }
  }
}
