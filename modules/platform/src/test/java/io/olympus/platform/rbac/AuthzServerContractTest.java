package io.olympus.platform.rbac;

import io.olympus.common.audit.Actor;
import io.olympus.common.authz.AuthzContract;
import io.olympus.common.testing.TestInfra;
import io.olympus.platform.location.LocationRepository;
import io.olympus.platform.location.LocationService;
import io.olympus.platform.location.NewLocation;
import io.olympus.platform.tenant.NewTenant;
import io.olympus.platform.tenant.TenantRepository;
import io.olympus.platform.tenant.TenantService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link AuthzContract} against the platform's real RBAC on the bus (roles, assignments and locations in PostgreSQL). */
class AuthzServerContractTest extends AuthzContract {

  private final AtomicInteger sequence = new AtomicInteger();
  private Pool pool;
  private TenantService tenants;
  private LocationService locations;
  private RbacService rbac;

  @Override
  protected void serve(Vertx vertx) {
    TestInfra.get().truncateAll();
    pool = TestInfra.get().appPool(vertx);
    tenants = new TenantService(pool, new TenantRepository());
    locations = new LocationService(pool, new LocationRepository());
    rbac = new RbacService(pool, new RbacRepository());
    vertx.deployVerticle(new RbacBusVerticle(rbac)).await();
  }

  @Override
  protected void stop() {
    pool.close().await();
  }

  @Override
  protected UUID givenTenant() {
    return tenants.create(NewTenant.fromJson(new JsonObject().put("slug", "tenant-" + sequence.incrementAndGet())
        .put("name", "Tenant").put("plan", "pro"))).await().id();
  }

  @Override
  protected UUID givenLocation(UUID tenantId, UUID parentId) {
    JsonObject location = new JsonObject().put("code", "loc-" + sequence.incrementAndGet()).put("name", "Location");
    if (parentId != null) {
      location.put("parent_id", parentId.toString());
    }
    return locations.create(tenantId, NewLocation.fromJson(location), Actor.SYSTEM).await().id();
  }

  @Override
  protected void givenGrant(UUID tenantId, UUID userId, String permission, UUID locationId) {
    Role role = rbac.createRole(tenantId, NewRole.fromJson(new JsonObject().put("key", "role-" + sequence.incrementAndGet())
        .put("name", "Role").put("permissions", new JsonArray().add(permission))), Actor.SYSTEM).await();
    rbac.assign(tenantId, userId, role.id(), locationId, Actor.SYSTEM).await();
  }
}
