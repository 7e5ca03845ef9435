package io.olympus.platform.tenant;

import io.olympus.common.tenant.TenantAddresses;
import io.olympus.common.tenant.TenantBusAdapter;
import io.olympus.common.tenant.TenantInfo;
import io.olympus.common.tenant.Tenants;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.UUID;

/** Serves {@link TenantAddresses#RESOLVE} for every service in the cluster: the platform's side of {@link Tenants}. */
public final class TenantBusVerticle extends VerticleBase implements Tenants {

  private final TenantService tenants;

  public TenantBusVerticle(TenantService tenants) {
    this.tenants = tenants;
  }

  @Override
  public Future<?> start() {
    return TenantBusAdapter.register(vertx, this).completion();
  }

  @Override
  public Future<TenantInfo> bySlug(String slug) {
    return tenants.infoBySlug(slug);
  }

  @Override
  public Future<TenantInfo> byId(UUID id) {
    return tenants.infoById(id);
  }
}
