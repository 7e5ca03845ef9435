package io.olympus.platform.rbac;

import io.olympus.common.audit.Actor;
import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.authz.Decision;
import io.olympus.common.authz.EffectivePermissions;
import io.olympus.common.authz.PermissionGrant;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.ForbiddenException;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.error.ValidationException;
import io.olympus.common.event.Uuids;
import io.olympus.common.testing.TestInfra;
import io.olympus.platform.location.Location;
import io.olympus.platform.location.LocationRepository;
import io.olympus.platform.location.LocationService;
import io.olympus.platform.location.NewLocation;
import io.olympus.platform.tenant.NewTenant;
import io.olympus.platform.tenant.TenantRepository;
import io.olympus.platform.tenant.TenantService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class RbacServiceTest {

  private static final UUID STAFF = UUID.fromString("00000000-0000-7000-8000-000000000104");
  private static final UUID MANAGER = UUID.fromString("00000000-0000-7000-8000-000000000103");
  private static final UUID OWNER = UUID.fromString("00000000-0000-7000-8000-000000000101");

  private Pool pool;
  private RbacService rbac;
  private LocationService locations;
  private UUID tenantId;
  private UUID otherTenantId;
  private final UUID user = Uuids.v7();

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra.get().truncateAll();
    pool = TestInfra.get().appPool(vertx);
    rbac = new RbacService(pool, new RbacRepository());
    locations = new LocationService(pool, new LocationRepository());
    TenantService tenants = new TenantService(pool, new TenantRepository());
    tenantId = tenants.create(NewTenant.fromJson(new JsonObject().put("slug", "acme").put("name", "Acme")
        .put("plan", "pro"))).await().id();
    otherTenantId = tenants.create(NewTenant.fromJson(new JsonObject().put("slug", "globex").put("name", "Globex")))
        .await().id();
  }

  @AfterEach
  void tearDown() {
    pool.close().await();
  }

  @Test
  void managerInheritsStaffPermissionsButNotAdmins(VertxTestContext ctx) {
    rbac.assign(tenantId, user, MANAGER, null, Actor.SYSTEM)
        .compose(ok -> rbac.effective(tenantId, user))
        .onComplete(ctx.succeeding(effective -> ctx.verify(() -> {
          List<String> permissions = effective.grants().stream().map(PermissionGrant::permission).toList();
          assertThat(permissions).contains("orders:read", "products:read", "products:write", "orders:refund");
          assertThat(permissions).doesNotContain("users:manage", "tenant:manage", "billing:manage");
          ctx.completeNow();
        })));
  }

  @Test
  void ownerHoldsEveryPermissionThroughTheChain(VertxTestContext ctx) {
    rbac.assign(tenantId, user, OWNER, null, Actor.SYSTEM)
        .compose(ok -> rbac.check(tenantId, user, "users:manage", null, null))
        .onComplete(ctx.succeeding(decision -> ctx.verify(() -> {
          assertThat(decision.allowed()).isTrue();
          ctx.completeNow();
        })));
  }

  @Test
  void locationScopedManagerIsRefusedOutsideTheSubtree(VertxTestContext ctx) {
    Location north = locations.create(tenantId, NewLocation.fromJson(new JsonObject().put("code", "north")
        .put("name", "North")), Actor.SYSTEM).await();
    Location northStore = locations.create(tenantId, NewLocation.fromJson(new JsonObject().put("code", "n1")
        .put("name", "North 1").put("parent_id", north.id().toString())), Actor.SYSTEM).await();
    Location south = locations.create(tenantId, NewLocation.fromJson(new JsonObject().put("code", "south")
        .put("name", "South")), Actor.SYSTEM).await();
    rbac.assign(tenantId, user, MANAGER, north.id(), Actor.SYSTEM).await();

    Decision inside = rbac.check(tenantId, user, "products:write", northStore.id(), null).await();
    Decision outside = rbac.check(tenantId, user, "products:write", south.id(), null).await();
    Decision tenantWide = rbac.check(tenantId, user, "products:write", null, null).await();

    ctx.verify(() -> {
      assertThat(inside.allowed()).isTrue();
      assertThat(outside.allowed()).isFalse();
      assertThat(outside.reason()).contains("products:write");
      assertThat(tenantWide.allowed()).isFalse();
      ctx.completeNow();
    });
  }

  @Test
  void customRoleCyclesAreRefused(VertxTestContext ctx) {
    Role a = rbac.createRole(tenantId, NewRole.fromJson(new JsonObject().put("key", "role-a").put("name", "A")
        .put("parent_role_id", STAFF.toString())), Actor.SYSTEM).await();
    Role b = rbac.createRole(tenantId, NewRole.fromJson(new JsonObject().put("key", "role-b").put("name", "B")
        .put("parent_role_id", a.id().toString())), Actor.SYSTEM).await();

    rbac.setParent(tenantId, a.id(), b.id(), Actor.SYSTEM)
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOf(ValidationException.class).hasMessageContaining("validation");
          assertThat(((ValidationException) err).errors().get(0).message()).contains("cycle");
          rbac.setParent(tenantId, a.id(), a.id(), Actor.SYSTEM)
              .onComplete(ctx.failing(self -> ctx.verify(() -> {
                assertThat(self).isInstanceOf(ValidationException.class);
                ctx.completeNow();
              })));
        })));
  }

  @Test
  void customRoleInheritsFromItsParentAndAddsItsOwn(VertxTestContext ctx) {
    Role auditor = rbac.createRole(tenantId, NewRole.fromJson(new JsonObject().put("key", "auditor")
        .put("name", "Auditor").put("parent_role_id", STAFF.toString())
        .put("permissions", new JsonArray().add("audit:read"))), Actor.SYSTEM).await();

    rbac.assign(tenantId, user, auditor.id(), null, Actor.SYSTEM)
        .compose(ok -> rbac.effective(tenantId, user))
        .onComplete(ctx.succeeding(effective -> ctx.verify(() -> {
          assertThat(effective.grants()).extracting(PermissionGrant::permission).contains("audit:read", "orders:read")
              .doesNotContain("products:write");
          ctx.completeNow();
        })));
  }

  @Test
  void builtInRolesCannotBeChanged(VertxTestContext ctx) {
    rbac.setPermissions(tenantId, STAFF, List.of("tenant:manage"), Actor.SYSTEM)
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOf(ForbiddenException.class);
          ctx.completeNow();
        })));
  }

  @Test
  void unknownPermissionsAreRefusedByName(VertxTestContext ctx) {
    rbac.createRole(tenantId, NewRole.fromJson(new JsonObject().put("key", "odd").put("name", "Odd")
            .put("permissions", new JsonArray().add("rockets:launch"))), Actor.SYSTEM)
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOf(ValidationException.class);
          assertThat(((ValidationException) err).errors().get(0).message()).contains("rockets:launch");
          ctx.completeNow();
        })));
  }

  @Test
  void anotherTenantsCustomRoleIsInvisible(VertxTestContext ctx) {
    Role mine = rbac.createRole(tenantId, NewRole.fromJson(new JsonObject().put("key", "mine").put("name", "Mine")), Actor.SYSTEM)
        .await();

    rbac.roles(otherTenantId)
        .onComplete(ctx.succeeding(roles -> ctx.verify(() -> {
          assertThat(roles).extracting(Role::key).contains("owner", "staff").doesNotContain("mine");
          rbac.assign(otherTenantId, user, mine.id(), null, Actor.SYSTEM)
              .onComplete(ctx.failing(err -> ctx.verify(() -> {
                assertThat(err).isInstanceOf(NotFoundException.class);
                ctx.completeNow();
              })));
        })));
  }

  @Test
  void assignmentsOfAnotherTenantAreHiddenByRlsAlone(VertxTestContext ctx) {
    rbac.assign(tenantId, user, STAFF, null, Actor.SYSTEM).await();

    Tenancy.inTenant(pool, otherTenantId, conn -> conn.query("SELECT count(*) FROM user_roles").execute())
        .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
          assertThat(rows.iterator().next().getLong(0)).isZero();
          ctx.completeNow();
        })));
  }

  @Test
  void ownRuleLetsAUserReadTheirOwnRecords() {
    UUID someoneElse = Uuids.v7();
    EffectivePermissions none = new EffectivePermissions(tenantId, user, List.of());

    assertThat(none.decide("orders:read", null, user).allowed()).isTrue();
    assertThat(none.decide("orders:read", null, someoneElse).allowed()).isFalse();
    assertThat(none.decide("orders:refund", null, user).allowed()).isFalse();
  }
}
