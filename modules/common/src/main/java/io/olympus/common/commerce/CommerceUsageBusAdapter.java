package io.olympus.common.commerce;

import io.olympus.common.bus.BusEndpoints;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** Serves {@link CommerceAddresses#PRODUCTS_COUNT} from a {@link CommerceUsage} (wire format: {@link CommerceUsage}). */
public final class CommerceUsageBusAdapter {

  private CommerceUsageBusAdapter() {}

  /** Registers the consumer; unregister the returned handle to stop. */
  public static BusEndpoints.Registration register(Vertx vertx, CommerceUsage usage) {
    return BusEndpoints.on(vertx)
        .serve(CommerceAddresses.PRODUCTS_COUNT, body -> usage.productCount(CommerceUsage.TenantRef.fromJson(body).tenantId())
            .map(count -> new JsonObject().put("products", count)))
        .registration();
  }
}
