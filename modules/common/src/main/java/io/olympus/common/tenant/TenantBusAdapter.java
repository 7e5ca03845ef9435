package io.olympus.common.tenant;

import io.olympus.common.bus.BusEndpoints;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Serves {@link TenantAddresses#RESOLVE} from a {@link Tenants} implementation (wire format: {@link Tenants}). */
public final class TenantBusAdapter {

  private TenantBusAdapter() {}

  /** Registers the consumer; unregister the returned handle to stop. */
  public static BusEndpoints.Registration register(Vertx vertx, Tenants tenants) {
    return BusEndpoints.on(vertx)
        .serve(TenantAddresses.RESOLVE, body -> resolve(tenants, Tenants.Lookup.fromJson(body)).map(TenantInfo::toJson))
        .registration();
  }

  private static Future<TenantInfo> resolve(Tenants tenants, Tenants.Lookup lookup) {
    return lookup.id() != null ? tenants.byId(lookup.id()) : tenants.bySlug(lookup.slug());
  }
}
