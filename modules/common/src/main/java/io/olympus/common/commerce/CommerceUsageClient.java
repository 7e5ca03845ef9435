package io.olympus.common.commerce;

import io.olympus.common.bus.BusClient;
import io.vertx.core.Future;
import java.util.UUID;

/** The consumers' side of {@link CommerceUsage} (through {@link BusClient}: deadline and circuit breaker). */
public final class CommerceUsageClient implements CommerceUsage {

  private final BusClient bus;

  public CommerceUsageClient(BusClient bus) {
    this.bus = bus;
  }

  @Override
  public Future<Long> productCount(UUID tenantId) {
    return bus.request(CommerceAddresses.PRODUCTS_COUNT, new TenantRef(tenantId).toJson())
        .map(reply -> reply.getLong("products"));
  }
}
