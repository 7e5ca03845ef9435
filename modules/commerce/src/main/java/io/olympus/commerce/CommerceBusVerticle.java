package io.olympus.commerce;

import io.olympus.commerce.catalog.repository.ProductRepository;
import io.olympus.common.commerce.CommerceAddresses;
import io.olympus.common.commerce.CommerceUsage;
import io.olympus.common.commerce.CommerceUsageBusAdapter;
import io.olympus.common.db.PgPools;
import io.olympus.common.db.Tenancy;
import io.olympus.common.service.ServiceContext;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.util.UUID;

/**
 * Serves the commerce addresses of {@link CommerceAddresses} (once per process, on the shared runtime-role pool): the
 * commerce side of {@link CommerceUsage}.
 */
final class CommerceBusVerticle extends VerticleBase implements CommerceUsage {

  private final ServiceContext context;
  private Pool pool;
  private final ProductRepository products = new ProductRepository();

  CommerceBusVerticle(ServiceContext context) {
    this.context = context;
  }

  @Override
  public Future<?> start() {
    pool = PgPools.service(vertx, CommerceService.NAME, context);
    return CommerceUsageBusAdapter.register(vertx, this).completion();
  }

  @Override
  public Future<Long> productCount(UUID tenantId) {
    return Tenancy.inTenant(pool, tenantId, conn -> products.countUnarchived(conn, tenantId));
  }
}
