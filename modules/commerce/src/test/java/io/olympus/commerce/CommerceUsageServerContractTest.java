package io.olympus.commerce;

import io.olympus.common.commerce.CommerceUsageContract;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Vertx;
import java.util.UUID;

/** {@link CommerceUsageContract} against commerce's real bus verticle (products in PostgreSQL, row-level security). */
class CommerceUsageServerContractTest extends CommerceUsageContract {

  @Override
  protected void serve(Vertx vertx) {
    TestInfra.get().truncateAll();
    vertx.deployVerticle(new CommerceBusVerticle(TestInfra.get().appPool(vertx))).await();
  }

  @Override
  protected void givenProducts(UUID tenantId, String status, int count) {
    for (int i = 0; i < count; i++) {
      TestInfra.get().executeAsOwner("INSERT INTO products (tenant_id, id, status, title) VALUES ('" + tenantId + "', '"
          + UUID.randomUUID() + "', '" + status + "', 'Product " + i + "')");
    }
  }
}
