package io.olympus.commerce;

import io.olympus.commerce.catalog.repository.ProductRepository;
import io.olympus.common.commerce.CommerceAddresses;
import io.olympus.common.commerce.CommerceUsage;
import io.olympus.common.commerce.CommerceUsageBusAdapter;
import io.olympus.common.db.Tenancy;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.util.UUID;

/**
 * Serves the commerce addresses of {@link CommerceAddresses} (once per process, on the pool of commerce's composition
 * root): the commerce side of {@link CommerceUsage}.
 */
final class CommerceBusVerticle extends VerticleBase implements CommerceUsage {

  private final Pool pool;
  private final ProductRepository products = new ProductRepository();

  CommerceBusVerticle(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<?> start() {
    return CommerceUsageBusAdapter.register(vertx, this).completion();
  }

  @Override
  public Future<Long> productCount(UUID tenantId) {
    return Tenancy.inTenant(pool, tenantId, conn -> products.countUnarchived(conn, tenantId));
  }
}
