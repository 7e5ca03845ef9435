package io.olympus.platform.flag;

import io.olympus.common.audit.Actor;
import io.olympus.common.flag.FlagsContract;
import io.olympus.common.testing.TestInfra;
import io.olympus.platform.tenant.NewTenant;
import io.olympus.platform.tenant.TenantRepository;
import io.olympus.platform.tenant.TenantService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link FlagsContract} against the platform's real flags on the bus (flags in PostgreSQL). */
class FlagsServerContractTest extends FlagsContract {

  private final AtomicInteger sequence = new AtomicInteger();
  private Pool pool;
  private TenantService tenants;
  private FlagService flags;

  @Override
  protected void serve(Vertx vertx) {
    TestInfra.get().truncateAll();
    pool = TestInfra.get().appPool(vertx);
    tenants = new TenantService(pool, new TenantRepository());
    flags = new FlagService(pool);
    vertx.deployVerticle(new FlagBusVerticle(flags)).await();
  }

  @Override
  protected void stop() {
    pool.close().await();
  }

  @Override
  protected UUID givenTenant() {
    return tenants.create(NewTenant.fromJson(new JsonObject().put("slug", "tenant-" + sequence.incrementAndGet())
        .put("name", "Tenant"))).await().id();
  }

  @Override
  protected void givenFlag(UUID tenantId, String key, boolean enabled, List<String> targetRoles) {
    flags.upsert(tenantId, FlagInput.fromJson(new JsonObject().put("key", key).put("enabled", enabled)
        .put("target_roles", new JsonArray(targetRoles))), Actor.SYSTEM).await();
  }
}
