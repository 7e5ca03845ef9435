package io.olympus.common.tenant;

import io.vertx.core.Vertx;
import java.util.UUID;

/** {@link TenantsContract} against the shared in-memory fake. */
class FakeTenantsContractTest extends TenantsContract {

  private FakeTenants fake;

  @Override
  protected void serve(Vertx vertx) {
    fake = FakeTenants.install(vertx);
  }

  @Override
  protected UUID givenTenant(String slug, String name, String plan) {
    return fake.add(new TenantInfo(UUID.randomUUID(), slug, name, plan, "active", 0)).id();
  }

  @Override
  protected void givenSuspended(UUID tenantId) {
    fake.status(tenantId, "suspended");
  }

  @Override
  protected void givenDeleted(UUID tenantId) {
    fake.status(tenantId, "deleted");
  }
}
