package io.olympus.common.tenant;

import io.olympus.common.bus.BusClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.UUID;

/**
 * The consumers' side of {@link Tenants} over {@link TenantAddresses#RESOLVE} (through {@link BusClient}: deadline and
 * circuit breaker); fails with NotFoundException for unknown tenants, UnavailableException when the platform does not
 * answer.
 */
public final class TenantClient implements Tenants {

  private final Vertx vertx;

  public TenantClient(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public Future<TenantInfo> bySlug(String slug) {
    return resolve(Tenants.Lookup.ofSlug(slug));
  }

  @Override
  public Future<TenantInfo> byId(UUID id) {
    return resolve(Tenants.Lookup.ofId(id));
  }

  private Future<TenantInfo> resolve(Tenants.Lookup request) {
    return BusClient.of(vertx).request(TenantAddresses.RESOLVE, request.toJson()).map(TenantInfo::fromJson);
  }
}
