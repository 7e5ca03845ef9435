package io.olympus.common.tenant;

import io.olympus.common.bus.BusClient;
import io.vertx.core.Future;
import java.util.UUID;

/**
 * The consumers' side of {@link Tenants} over {@link TenantAddresses#RESOLVE} (through {@link BusClient}: deadline and
 * circuit breaker); fails with NotFoundException for unknown tenants, UnavailableException when the platform does not
 * answer.
 */
public final class TenantClient implements Tenants {

  private final BusClient bus;

  public TenantClient(BusClient bus) {
    this.bus = bus;
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
    return bus.request(TenantAddresses.RESOLVE, request.toJson()).map(TenantInfo::fromJson);
  }
}
