package io.olympus.platform.tenant;

import io.olympus.common.audit.Actor;
import io.olympus.common.tenant.TenantsContract;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.UUID;

/** {@link TenantsContract} against the platform's real tenant service on the bus (PostgreSQL, row-level security). */
class TenantsServerContractTest extends TenantsContract {

  private Pool pool;
  private TenantService tenants;

  @Override
  protected void serve(Vertx vertx) {
    TestInfra.get().truncateAll();
    pool = TestInfra.get().appPool(vertx);
    tenants = new TenantService(pool, new TenantRepository());
    vertx.deployVerticle(new TenantBusVerticle(tenants)).await();
  }

  @Override
  protected void stop() {
    pool.close().await();
  }

  @Override
  protected UUID givenTenant(String slug, String name, String plan) {
    return tenants.create(NewTenant.fromJson(new JsonObject().put("slug", slug).put("name", name).put("plan", plan)))
        .await().id();
  }

  @Override
  protected void givenSuspended(UUID tenantId) {
    tenants.setStatus(tenantId, "suspended", Actor.SYSTEM).await();
  }

  @Override
  protected void givenDeleted(UUID tenantId) {
    tenants.softDelete(tenantId, Actor.SYSTEM).await();
  }
}
