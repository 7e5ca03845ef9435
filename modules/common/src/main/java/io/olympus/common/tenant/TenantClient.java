package io.olympus.common.tenant;

import io.olympus.common.bus.BusClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * Typed client of {@link TenantAddresses#RESOLVE} (through {@link BusClient}: deadline and circuit breaker); fails with
 * NotFoundException for unknown tenants, UnavailableException when the platform does not answer.
 */
public final class TenantClient {

  private final BusClient bus;

  public TenantClient(BusClient bus) {
    this.bus = bus;
  }

  public Future<TenantInfo> bySlug(String slug) {
    return resolve(new JsonObject().put("slug", slug));
  }

  public Future<TenantInfo> byId(UUID id) {
    return resolve(new JsonObject().put("id", id.toString()));
  }

  private Future<TenantInfo> resolve(JsonObject request) {
    return bus.request(TenantAddresses.RESOLVE, request).map(TenantInfo::fromJson);
  }
}
