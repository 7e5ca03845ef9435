package io.olympus.common.tenant;

import io.olympus.common.testing.TestInfra;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.UUID;

/** {@link TenantsContract} against the shared fake reading tenants that tests insert into the real tables. */
class FakeTenantsFromTablesContractTest extends TenantsContract {

  private Pool pool;

  @Override
  protected void serve(Vertx vertx) {
    TestInfra.get().truncateAll();
    pool = TestInfra.get().appPool(vertx);
    FakeTenants.install(vertx, pool);
  }

  @Override
  protected void stop() {
    pool.close().await();
  }

  @Override
  protected UUID givenTenant(String slug, String name, String plan) {
    UUID id = UUID.randomUUID();
    TestInfra.get().executeAsOwner("INSERT INTO tenants (id, slug, name, plan) VALUES ('" + id + "', '" + slug + "', '"
        + name + "', '" + plan + "')");
    return id;
  }

  @Override
  protected void givenSuspended(UUID tenantId) {
    TestInfra.get().executeAsOwner("UPDATE tenants SET status = 'suspended' WHERE id = '" + tenantId + "'");
  }

  @Override
  protected void givenDeleted(UUID tenantId) {
    TestInfra.get().executeAsOwner("UPDATE tenants SET status = 'deleted', deleted_at = now() WHERE id = '" + tenantId + "'");
  }
}
