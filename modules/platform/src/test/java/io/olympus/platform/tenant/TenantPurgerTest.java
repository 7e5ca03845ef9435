package io.olympus.platform.tenant;

import io.olympus.common.audit.Actor;
import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.audit.AuditLog;
import io.olympus.common.db.Tenancy;
import io.olympus.common.event.Uuids;
import io.olympus.common.testing.TestInfra;
import io.olympus.platform.flag.FlagInput;
import io.olympus.platform.flag.FlagService;
import io.olympus.platform.location.Location;
import io.olympus.platform.location.LocationRepository;
import io.olympus.platform.location.LocationService;
import io.olympus.platform.location.NewLocation;
import io.olympus.platform.rbac.NewRole;
import io.olympus.platform.rbac.RbacRepository;
import io.olympus.platform.rbac.RbacService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class TenantPurgerTest {

  private Pool pool;
  private TenantService tenants;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra.get().truncateAll();
    pool = TestInfra.get().appPool(vertx);
    tenants = new TenantService(pool, new TenantRepository());
  }

  @AfterEach
  void tearDown() {
    pool.close().await();
  }

  private UUID populatedTenant(String slug) {
    UUID tenantId = tenants.create(NewTenant.fromJson(new JsonObject().put("slug", slug).put("name", slug)
        .put("plan", "pro"))).await().id();
    LocationService locations = new LocationService(pool, new LocationRepository());
    Location north = locations.create(tenantId, NewLocation.fromJson(new JsonObject().put("code", "n").put("name", "N")), Actor.SYSTEM)
        .await();
    locations.create(tenantId, NewLocation.fromJson(new JsonObject().put("code", "n1").put("name", "N1")
        .put("parent_id", north.id().toString())), Actor.SYSTEM).await();
    RbacService rbac = new RbacService(pool, new RbacRepository());
    var role = rbac.createRole(tenantId, NewRole.fromJson(new JsonObject().put("key", "clerk").put("name", "Clerk")), Actor.SYSTEM)
        .await();
    rbac.assign(tenantId, Uuids.v7(), role.id(), north.id(), Actor.SYSTEM).await();
    new FlagService(pool).upsert(tenantId, FlagInput.fromJson(new JsonObject().put("key", "beta").put("enabled", true)),
        Actor.SYSTEM).await();
    Tenancy.inTenant(pool, tenantId, conn -> AuditLog.append(conn, AuditLog.entry(tenantId, "user", "owner",
        "tenant.update", "tenant", tenantId.toString(), "{}", null, "req"))).await();
    return tenantId;
  }

  @Test
  void purgeLeavesNoRowOfTheTenantAnywhereAndKeepsOthers() {
    UUID doomed = populatedTenant("doomed");
    UUID survivor = populatedTenant("survivor");
    long kept = countEverywhere(survivor);

    tenants.softDelete(doomed).await();
    long removed = new TenantPurger(pool).purge(doomed).await();

    assertThat(removed).isGreaterThanOrEqualTo(8);
    assertThat(countEverywhere(doomed)).isZero();
    assertThat(countEverywhere(survivor)).isEqualTo(kept);
  }

  @Test
  void purgeRefusesATenantThatIsNotDeleted() {
    UUID active = populatedTenant("active");
    long before = countEverywhere(active);

    Throwable err = new TenantPurger(pool).purge(active).transform(ar -> io.vertx.core.Future.succeededFuture(ar.cause()))
        .await();

    assertThat(err).isInstanceOf(io.olympus.common.error.ConflictException.class);
    assertThat(countEverywhere(active)).isEqualTo(before);
  }

  private static long countEverywhere(UUID tenantId) {
    return TestInfra.get().countTenantRows(tenantId);
  }
}
