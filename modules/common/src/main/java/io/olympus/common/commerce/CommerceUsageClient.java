package io.olympus.common.commerce;

import io.olympus.common.bus.BusClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.UUID;

/** The consumers' side of {@link CommerceUsage} (through {@link BusClient}: deadline and circuit breaker). */
public final class CommerceUsageClient implements CommerceUsage {

  private final Vertx vertx;

  public CommerceUsageClient(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public Future<Long> productCount(UUID tenantId) {
    return BusClient.of(vertx).request(CommerceAddresses.PRODUCTS_COUNT, new TenantRef(tenantId).toJson())
        .map(reply -> reply.getLong("products"));
  }
}
