package io.olympus.platform.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.db.Tenancy;
import io.olympus.common.error.ConflictException;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.error.ValidationException;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class TenantServiceTest {

  private static final JsonObject DEFAULT_TENANT = new JsonObject()
      .put("slug", "acme").put("name", "Acme Inc.").put("plan", "pro").put("billing_email", "Billing@Acme.example");

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

  @Test
  void shouldCreateAndReadATenant(VertxTestContext ctx) {
    tenants.create(NewTenant.fromJson(DEFAULT_TENANT))
        .compose(created -> tenants.get(created.id()))
        .onComplete(ctx.succeeding(tenant -> ctx.verify(() -> {
          assertThat(tenant.slug()).isEqualTo("acme");
          assertThat(tenant.plan()).isEqualTo("pro");
          assertThat(tenant.status()).isEqualTo("active");
          assertThat(tenant.billingEmail()).isEqualTo("billing@acme.example");
          assertThat(tenant.id().version()).isEqualTo(7);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldRejectADuplicateSlugWithConflict(VertxTestContext ctx) {
    tenants.create(NewTenant.fromJson(DEFAULT_TENANT))
        .compose(first -> tenants.create(NewTenant.fromJson(DEFAULT_TENANT.copy().put("name", "Other"))))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOf(ConflictException.class).hasMessageContaining("acme");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldNameEveryBadField() {
    JsonObject bad = new JsonObject().put("slug", "-Bad Slug-").put("name", 42).put("billing_email", "nope");

    ValidationException err = org.assertj.core.api.Assertions.catchThrowableOfType(ValidationException.class,
        () -> NewTenant.fromJson(bad));

    assertThat(err.errors()).extracting(e -> e.field()).containsExactlyInAnyOrder("slug", "name", "billing_email");
  }

  @Test
  void shouldRejectReservedSlugAndUnknownPlan(VertxTestContext ctx) {
    ValidationException reserved = org.assertj.core.api.Assertions.catchThrowableOfType(ValidationException.class,
        () -> NewTenant.fromJson(DEFAULT_TENANT.copy().put("slug", "admin")));
    assertThat(reserved.errors()).extracting(e -> e.field()).containsExactly("slug");

    tenants.create(NewTenant.fromJson(DEFAULT_TENANT.copy().put("plan", "platinum")))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOf(ValidationException.class);
          assertThat(((ValidationException) err).errors()).extracting(e -> e.field()).containsExactly("plan");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldHideOtherTenantsRowsThroughRlsAlone(VertxTestContext ctx) {
    Future<Tenant> a = tenants.create(NewTenant.fromJson(DEFAULT_TENANT));
    a.compose(ta -> tenants.create(NewTenant.fromJson(DEFAULT_TENANT.copy().put("slug", "globex")))
            .compose(tb -> Future.all(
                // no tenant_id filter in these queries: only row-level security stands between tenants
                Tenancy.inTenant(pool, ta.id(), conn -> conn.query("SELECT slug FROM tenants").execute()),
                pool.withTransaction(conn -> conn.query("SELECT slug FROM tenants").execute()))))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row> asA = all.resultAt(0);
          io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row> noTenant = all.resultAt(1);
          assertThat(asA).extracting(r -> r.getString("slug")).containsExactly("acme");
          assertThat(noTenant.size()).isZero();
          ctx.completeNow();
        })));
  }

  @Test
  void shouldNotFindAnotherTenantById(VertxTestContext ctx) {
    tenants.create(NewTenant.fromJson(DEFAULT_TENANT))
        .compose(a -> Tenancy.inTenant(pool, io.olympus.common.event.Uuids.v7(),
            conn -> new TenantRepository().findById(conn, a.id())))
        .onComplete(ctx.succeeding(found -> ctx.verify(() -> {
          assertThat(found).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void shouldFailWithNotFoundForUnknownSlug(VertxTestContext ctx) {
    tenants.resolveSlug("nobody")
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOf(NotFoundException.class);
          ctx.completeNow();
        })));
  }
}
