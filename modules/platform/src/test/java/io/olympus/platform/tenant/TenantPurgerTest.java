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
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class TenantPurgerTest {

  private Pool pool;
  private Pool ownerPool;
  private TenantService tenants;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra.get().truncateAll();
    pool = TestInfra.get().appPool(vertx);
    ownerPool = TestInfra.get().ownerPool(vertx);
    tenants = new TenantService(pool, new TenantRepository());
  }

  @AfterEach
  void tearDown() {
    pool.close().await();
    ownerPool.close().await();
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
  void purgeLeavesNoRowOfTheTenantAnywhereAndKeepsOthers(VertxTestContext ctx) {
    UUID doomed = populatedTenant("doomed");
    UUID survivor = populatedTenant("survivor");

    tenants.softDelete(doomed)
        .compose(v -> new TenantPurger(pool).purge(doomed))
        .compose(removed -> countEverywhere(doomed).compose(left -> countEverywhere(survivor)
            .map(kept -> new long[] {removed, left, kept})))
        .onComplete(ctx.succeeding(counts -> ctx.verify(() -> {
          assertThat(counts[0]).isGreaterThanOrEqualTo(8);
          assertThat(counts[1]).isZero();
          assertThat(counts[2]).isGreaterThanOrEqualTo(8);
          ctx.completeNow();
        })));
  }

  @Test
  void purgeRefusesATenantThatIsNotDeleted(VertxTestContext ctx) {
    UUID active = populatedTenant("active");

    long before = countEverywhere(active).await();

    new TenantPurger(pool).purge(active)
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOf(io.olympus.common.error.ConflictException.class);
          countEverywhere(active).onComplete(ctx.succeeding(after -> ctx.verify(() -> {
            assertThat(after).isEqualTo(before);
            ctx.completeNow();
          })));
        })));
  }

  /** Rows of the tenant in every table with a tenant_id column plus its tenants row, counted as the owner. */
  private io.vertx.core.Future<Long> countEverywhere(UUID tenantId) {
    return ownerPool.query(TenantPurger.TENANT_TABLES).execute().compose(tables -> {
      StringBuilder sql = new StringBuilder("SELECT (SELECT count(*) FROM tenants WHERE id = $1)");
      for (Row row : tables) {
        sql.append(" + (SELECT count(*) FROM \"").append(row.getString(0)).append("\" WHERE tenant_id = $1)");
      }
      return ownerPool.preparedQuery(sql.toString()).execute(io.vertx.sqlclient.Tuple.of(tenantId))
          .map(rows -> rows.iterator().next().getLong(0));
    });
  }
}
