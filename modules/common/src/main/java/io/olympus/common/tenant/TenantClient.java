package io.olympus.common.tenant;

import io.olympus.common.bus.BusErrors;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** Typed client of {@link TenantAddresses#RESOLVE}; fails with NotFoundException for unknown tenants. */
public final class TenantClient {

  private static final DeliveryOptions OPTIONS = new DeliveryOptions().setSendTimeout(5_000);

  private final Vertx vertx;

  public TenantClient(Vertx vertx) {
    this.vertx = vertx;
  }

  public Future<TenantInfo> bySlug(String slug) {
    return resolve(new JsonObject().put("slug", slug));
  }

  public Future<TenantInfo> byId(UUID id) {
    return resolve(new JsonObject().put("id", id.toString()));
  }

  private Future<TenantInfo> resolve(JsonObject request) {
    return vertx.eventBus()
        .<JsonObject>request(TenantAddresses.RESOLVE, request, OPTIONS)
        .recover(err -> Future.failedFuture(BusErrors.toDomain(err)))
        .map(reply -> TenantInfo.fromJson(reply.body()));
  }
}
